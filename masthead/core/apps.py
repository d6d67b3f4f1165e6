from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from . import checks, csvsafe, fragments, reader, staff  # noqa: F401 - checks registers

        fragments.connect()
        staff.connect()
        csvsafe.install()
        reader.register("account", reader.account_part, order=10)
