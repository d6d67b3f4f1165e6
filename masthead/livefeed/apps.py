from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivefeedConfig(AppConfig):
    name = "masthead.livefeed"
    label = "livefeed"
    verbose_name = _("News feed")

    def ready(self):
        from masthead.core import slots

        from . import widgets

        slots.register("home.newsfeed", widgets.render_home_widget)
        slots.register("article.aside", widgets.render_article_widget, order=50)
        slots.register("article.after_body", widgets.render_origin_note, order=50)
