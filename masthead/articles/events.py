"""What happened to an article, said once, after the change is committed.

articles translates Wagtail's raw page signals (publish, unpublish, move, delete) into
these events in ONE place (signal_handlers.py); every other app (audio, search, webhooks,
newsletters, analytics) listens to these, never to Wagtail's signals, so the fan-out is
visible here and its order is by design: the events go out after the commit, when
articles has already done its own bookkeeping (the section of a moved article).

Each is a Django Signal, sent once per change, never inside the transaction. Receivers
get keyword arguments (more may be added, none renamed):

    article_id: int            the ArticlePage's id
    was_live: bool             public before the change
    is_live: bool              public after it
    urls_before: list[str]     the URLs that showed it before the change (if it was live)
    urls_after: list[str]      the URLs that show it now (if it is live)
    section_id: int | None     its section now
    revision_id: int | None    the revision published (publishes), else None
    tags: list[str]            the fragment tags the change reaches (core/fragments.py)
    article: ArticlePage       the article in memory, its section, authors and tags
                               loaded before the change (a deleted one's rows are gone)

`author_updated` (an author's profile was published) carries `author_id`, `title_before`,
`title_after`, `was_live`, `is_live`, `revision_id` and `tags`.

Connect in AppConfig.ready():

    events.article_published.connect(on_published, dispatch_uid="myapp_published")

A receiver that raises is logged and skipped (`send_robust`): one listener must never
stand in the way of the others or of the publish. Receivers re-fetch by `article_id`
(an `article_deleted` article no longer exists).
"""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

article_published = Signal()  # became public (first publish, or again after an unpublish)
article_updated = Signal()  # published again while public
article_unpublished = Signal()  # taken off the site, its row kept
article_moved = Signal()  # moved to another parent (section); live or not
article_deleted = Signal()  # deleted (urls_before says where it showed if it was live)
author_updated = Signal()  # an author's profile was published (a rename re-indexes)

ARTICLE_EVENTS = {
    "published": article_published,
    "updated": article_updated,
    "unpublished": article_unpublished,
    "moved": article_moved,
    "deleted": article_deleted,
}
ALL = {**ARTICLE_EVENTS, "author_updated": author_updated}


def send(name, **fields):
    """Send event `name` now (signal_handlers.py calls this from on_commit)."""
    from .models import ArticlePage

    signal = ALL[name]
    fields.setdefault("revision_id", None)
    fields.setdefault("tags", [])
    if name in ARTICLE_EVENTS:
        fields.setdefault("urls_before", [])
        fields.setdefault("urls_after", [])
        fields.setdefault("section_id", None)
    for receiver, result in signal.send_robust(sender=ArticlePage, **fields):
        if isinstance(result, Exception):
            logger.error(
                "article_%s receiver %r failed for article %s",
                name,
                receiver,
                fields.get("article_id"),
                exc_info=(type(result), result, result.__traceback__),
            )
