from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from masthead.core import purges

        from . import distribution, signal_handlers

        signal_handlers.connect()
        purges.register("article", distribution.urls_affected_by, name="articles.distribution")
