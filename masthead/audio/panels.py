"""The narration panel on the article editor: status, duration, error, and a link to
the editor's choices (regenerate, opt out, voice)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class NarrationPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "audio/admin/narration_panel.html"

        def get_context_data(self, parent_context=None):
            from .models import Narration

            context = super().get_context_data(parent_context)
            page = self.instance
            context["page"] = page
            context["narration"] = (
                Narration.objects.filter(page_id=page.pk).first() if page.pk else None
            )
            return context


def attach_to_article_editor():
    """Add the panel to the article's Settings tab. Called from AppConfig.ready(), before
    Wagtail builds (and caches) the editor, so the articles app needs no import of ours."""
    from masthead.articles.models import ArticlePage

    if any(isinstance(panel, NarrationPanel) for panel in ArticlePage.settings_panels):
        return
    ArticlePage.settings_panels = [
        *ArticlePage.settings_panels,
        NarrationPanel(heading=_("Narration")),
    ]
