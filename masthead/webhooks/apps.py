from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "masthead.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from . import events, signal_handlers

        events.register(signal_handlers.PUBLISHED, _("an article is published"))
        events.register(signal_handlers.UPDATED, _("a public article is published again"))
        events.register(signal_handlers.UNPUBLISHED, _("an article is unpublished"))
        signal_handlers.connect()
