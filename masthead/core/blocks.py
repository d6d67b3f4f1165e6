"""StreamField blocks shared by articles and standard pages.

Each block renders with its own template in templates/components/streamfield/.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = [
    "bold",
    "italic",
    "link",
    "ol",
    "ul",
    "superscript",
    "subscript",
    "strikethrough",
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Heading")), ("h3", _("Subheading"))], default="h2", label=_("level")
    )

    class Meta:
        icon = "title"
        template = "components/streamfield/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(
        required=False, max_length=500, help_text=_("Leave empty to use the image's own caption.")
    )
    credit = blocks.CharBlock(
        required=False, max_length=255, help_text=_("Leave empty to use the image's own credit.")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/streamfield/figure.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"), max_length=400)
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("attribution"))

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        template = "components/streamfield/pull_quote.html"


class EmbedWithCaptionBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("URL"), help_text=_("A YouTube, Vimeo, social or other oEmbed URL."))
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "components/streamfield/embed.html"


class BodyBlock(blocks.StreamBlock):
    """The blocks of any page's body. Apps add their own by subclassing (articles'
    BodyBlock adds the related-article card: core names no app's page types)."""

    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/streamfield/paragraph.html",
    )
    heading = HeadingBlock()
    image = FigureBlock()
    pull_quote = PullQuoteBlock()
    embed = EmbedWithCaptionBlock()
