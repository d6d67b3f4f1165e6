"""The figures panel on the article editor (its Settings tab): the last 24 hours and 30
days, and a link to the article's figures page. Shown to those who may see this
article's figures (queries.visible_articles)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class FiguresPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "analytics/admin/figures_panel.html"

        def is_shown(self):
            from . import queries

            page = self.instance
            if not page.pk or self.request is None:
                return False
            articles = queries.visible_articles(self.request.user)
            return articles is None or page.pk in articles

        def get_context_data(self, parent_context=None):
            from . import queries

            context = super().get_context_data(parent_context)
            context["page"] = self.instance
            context["figures"] = queries.article_figures(self.instance.pk, days=30)
            return context


def attach_to_article_editor():
    """Add the panel to the article's Settings tab (from AppConfig.ready(), before Wagtail
    builds the editor, so articles needs no import of ours)."""
    from masthead.articles.models import ArticlePage

    if any(isinstance(panel, FiguresPanel) for panel in ArticlePage.settings_panels):
        return
    ArticlePage.settings_panels = [*ArticlePage.settings_panels, FiguresPanel(heading=_("Figures"))]
