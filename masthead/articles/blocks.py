"""The body of articles and standard pages: core's blocks plus the related-article card,
which names articles' page type (so it lives here, not in core)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from masthead.core import blocks as core_blocks


class RelatedArticleBlock(blocks.StructBlock):
    article = blocks.PageChooserBlock(page_type="articles.ArticlePage", label=_("article"))
    label = blocks.CharBlock(
        required=False, max_length=60, default="", help_text=_('e.g. "Read also" or "Opinion".')
    )

    class Meta:
        icon = "doc-full"
        label = _("Related article card")
        template = "components/streamfield/related_article.html"


class BodyBlock(core_blocks.BodyBlock):
    related_article = RelatedArticleBlock()
