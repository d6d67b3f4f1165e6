"""Webhook events from articles' events (masthead/articles/events.py), sent after commit.

`article.published` when an article becomes public (its first publish, or a publish after
it was unpublished: articles' `article_published`); `article.updated` when an
already-public article is published again (`article_updated`); `article.unpublished`
when it is taken down (`article_unpublished`, also sent when a public article is
deleted). Whether it was public is articles' to say (`was_live`)."""

import logging

from masthead.articles import events as article_events
from masthead.articles.models import ArticlePage

from . import payloads, services

logger = logging.getLogger(__name__)

PUBLISHED = "article.published"
UPDATED = "article.updated"
UNPUBLISHED = "article.unpublished"


def _article(article_id, article=None):
    found = ArticlePage.objects.filter(pk=article_id).first()
    return found if found is not None else article


def on_published(sender, article_id, article=None, **kwargs):
    _emit(PUBLISHED, _article(article_id, article))


def on_updated(sender, article_id, article=None, **kwargs):
    _emit(UPDATED, _article(article_id, article))


def on_unpublished(sender, article_id, article=None, **kwargs):
    _emit(UNPUBLISHED, _article(article_id, article))


def _emit(event, page):
    if page is None:
        return
    try:
        services.emit(event, payloads.article_data(page))
    except Exception:
        # Webhooks must never stand in the way of publishing.
        logger.exception("could not emit %s for article %s", event, page.pk)


def connect():
    article_events.article_published.connect(on_published, dispatch_uid="webhooks_published")
    article_events.article_updated.connect(on_updated, dispatch_uid="webhooks_updated")
    article_events.article_unpublished.connect(on_unpublished, dispatch_uid="webhooks_unpublished")
