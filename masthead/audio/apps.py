from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudioConfig(AppConfig):
    name = "masthead.audio"
    label = "audio"
    verbose_name = _("Audio")

    def ready(self):
        from masthead.core import slots

        from . import panels, player, signal_handlers

        signal_handlers.connect()
        slots.register("article.audio", player.render_player)
        panels.attach_to_article_editor()
