import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def new_release(sender, **kwargs):
    """Every deploy (and `make run`) runs migrate: fragments rendered by the templates and
    code before it must not outlive it (they would until FRAGMENT_CACHE_TIMEOUT)."""
    from . import fragments

    try:
        fragments.bump()
    except Exception:  # the cache is down: nothing of it to keep anyway; migrate goes on
        logger.warning("could not bump the fragment generation after migrate", exc_info=True)


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from . import checks, csvsafe, fragments, reader, staff  # noqa: F401 - checks registers

        fragments.connect()
        post_migrate.connect(new_release, sender=self, dispatch_uid="core.new_release")
        staff.connect()
        csvsafe.install()
        reader.register("account", reader.account_part, order=10)
