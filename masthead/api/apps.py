from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "masthead.api"
    label = "masthead_api"
    verbose_name = _("API")

    def ready(self):
        from masthead.core import purges

        from . import purges as api_purges

        purges.register("article", api_purges.api_paths, name="api")
