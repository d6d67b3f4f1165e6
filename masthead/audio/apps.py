from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudioConfig(AppConfig):
    name = "masthead.audio"
    label = "audio"
    verbose_name = _("Audio")

    def ready(self):
        from masthead.core import purges, slots

        from . import panels, player, podcast_links, services, signal_handlers

        signal_handlers.connect()
        purges.register("article", services.podcast_paths, name="audio.podcast")
        slots.register("article.audio", player.render_player)
        slots.register("head", podcast_links.render_head_link)
        slots.register("home.rail", podcast_links.render_home_box)
        panels.attach_to_article_editor()
