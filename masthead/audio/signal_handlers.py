"""Narrate articles when they are published (if their spoken text changed)."""

import logging

from django.conf import settings
from wagtail.signals import page_published

from masthead.articles.models import ArticlePage

from . import services

logger = logging.getLogger(__name__)


def on_published(sender, instance, **kwargs):
    if not isinstance(instance, ArticlePage) or not settings.NARRATION_AUTO:
        return
    try:
        services.do_request_narration(instance)
    except Exception:
        # Narration must never stand in the way of publishing.
        logger.exception("could not queue the narration of article %s", instance.pk)


def connect():
    page_published.connect(on_published, dispatch_uid="audio_narrate_on_publish")
