"""Article events from Wagtail's publish signals.

`article.published` when an article becomes public (its first publish, or a publish after
it was unpublished); `article.updated` when an already-public article is published again;
`article.unpublished` when it is taken down (unpublished, or deleted while public: Wagtail
sends page_unpublished then). Whether it was public is read from the database just before
the publish saves the page: Wagtail's `first_published_at` survives an unpublish, so it
cannot tell a re-publication from an update."""

import logging

from django.db.models.signals import pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage

from . import payloads, services

logger = logging.getLogger(__name__)

PUBLISHED = "article.published"
UPDATED = "article.updated"
UNPUBLISHED = "article.unpublished"


def before_article_save(sender, instance, update_fields=None, **kwargs):
    # A publish saves the whole page; revision bookkeeping saves a few fields.
    if update_fields is None:
        instance._webhooks_was_live = bool(
            instance.pk and Page.objects.filter(pk=instance.pk, live=True).exists()
        )


def on_published(sender, instance, **kwargs):
    # Wagtail also sends page_published when it schedules a first publish for later.
    if not isinstance(instance, ArticlePage) or not instance.live:
        return
    was_live = getattr(instance, "_webhooks_was_live", None)
    if was_live is None:  # saved some other way: fall back on Wagtail's timestamps
        was_live = instance.first_published_at != instance.last_published_at
    _emit(UPDATED if was_live else PUBLISHED, instance)


def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        _emit(UNPUBLISHED, instance)


def _emit(event, page):
    try:
        services.emit(event, payloads.article_data(page))
    except Exception:
        # Webhooks must never stand in the way of publishing.
        logger.exception("could not emit %s for article %s", event, page.pk)


def connect():
    pre_save.connect(before_article_save, sender=ArticlePage, dispatch_uid="webhooks_was_live")
    page_published.connect(on_published, dispatch_uid="webhooks_article_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="webhooks_article_unpublished")
