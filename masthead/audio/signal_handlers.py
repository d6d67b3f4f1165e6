"""Narrate articles when they are published (if their spoken text changed).

Listens to articles' events (masthead/articles/events.py), sent after the commit:
`article_published` and `article_updated`."""

import logging

from django.conf import settings

from masthead.articles import events
from masthead.articles.models import ArticlePage

from . import services

logger = logging.getLogger(__name__)


def on_published(sender, article_id, **kwargs):
    if not settings.NARRATION_AUTO:
        return
    page = ArticlePage.objects.live().filter(pk=article_id).first()
    if page is None:
        return
    try:
        services.do_request_narration(page)
    except Exception:
        # Narration must never stand in the way of publishing.
        logger.exception("could not queue the narration of article %s", article_id)


def connect():
    events.article_published.connect(on_published, dispatch_uid="audio_narrate_on_publish")
    events.article_updated.connect(on_published, dispatch_uid="audio_narrate_on_update")
