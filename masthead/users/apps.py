from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "masthead.users"
    label = "users"
    verbose_name = _("Users")

    def ready(self):
        from masthead.core import reader

        from . import signal_handlers, views

        reader.register("account", views.account_part, order=10)

        post_migrate.connect(signal_handlers.ensure_roles_after_migrate, sender=self)
