from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from . import csvsafe, fragments

        fragments.connect()
        csvsafe.install()
