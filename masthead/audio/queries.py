"""Shared reads of narrations."""

from .models import Narration


def playable():
    """Narrations a reader can hear: enabled, with a file, of a live article."""
    return Narration.objects.filter(enabled=True, page__live=True).exclude(audio="")


def for_player(page_id):
    """The narration shown on an article page, in one query (None if there is none)."""
    return (
        playable()
        .filter(page_id=page_id)
        .only("pk", "guid", "audio", "duration", "size", "text_hash", "enabled", "page_id")
        .first()
    )


def podcast_episodes(section=None, limit=100):
    episodes = playable().select_related("page", "page__section").order_by("-page__published_at")
    if section is not None:
        episodes = episodes.filter(page__section=section)
    return list(episodes[:limit])
