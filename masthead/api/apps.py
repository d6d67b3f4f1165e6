from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "masthead.api"
    label = "masthead_api"
    verbose_name = _("API")
