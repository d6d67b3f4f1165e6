"""Shared reads of the news feed."""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import FeedChange, FeedItem, LiveFeedPage

_CURSOR = re.compile(r"^(\d{1,20})-(\d{1,19})$")


def items():
    """Feed items with what a rendered item shows, in a fixed number of queries."""
    return FeedItem.objects.select_related("image", "article").prefetch_related(
        "image__renditions", "tags"
    )


def newest_change_id():
    """The id of the newest change (0 when there is none): one indexed query."""
    return FeedChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def changes_after(cursor, limit=200):
    """(id, kind, payload) of the changes after `cursor`, oldest first."""
    return list(
        FeedChange.objects.filter(pk__gt=cursor)
        .order_by("pk")
        .values_list("pk", "kind", "payload")[:limit]
    )


def live_page():
    return LiveFeedPage.objects.live().public().first()


def encode_cursor(item):
    moment = item.published_at.astimezone(datetime.UTC)
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    return f"{micros}-{item.pk}"


def decode_cursor(value):
    """(datetime, id) from a "More news" cursor; None for anything malformed."""
    match = _CURSOR.match(value or "")
    if not match:
        return None
    micros, pk = int(match.group(1)), int(match.group(2))
    try:
        moment = datetime.datetime.fromtimestamp(micros // 1_000_000, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.replace(microsecond=micros % 1_000_000), pk


@dataclass
class Day:
    date: datetime.date
    items: list = field(default_factory=list)


def by_day(feed_items):
    """Group items (newest first) into days of the site's time zone."""
    days = []
    for item in feed_items:
        date = timezone.localtime(item.published_at).date()
        if not days or days[-1].date != date:
            days.append(Day(date))
        days[-1].items.append(item)
    return days


@dataclass
class FeedPage:
    pinned: list
    days: list
    next_cursor: str | None
    first: bool


def feed_page(before=None, size=None):
    """One page of the feed, newest first. Pinned items come first on the first page only;
    `before` is a cursor from the previous page (a malformed one means the first page)."""
    size = size or settings.LIVEFEED_PAGE_SIZE
    position = decode_cursor(before) if before else None
    queryset = items().order_by("-published_at", "-pk")
    pinned = []
    if position is None:
        pinned = list(queryset.filter(pinned=True))
        queryset = queryset.filter(pinned=False)
    else:
        moment, pk = position
        queryset = queryset.filter(pinned=False).filter(
            Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk)
        )
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return FeedPage(
        pinned=pinned,
        days=by_day(rows),
        next_cursor=encode_cursor(rows[-1]) if more else None,
        first=position is None,
    )


def latest(count):
    return list(items().order_by("-published_at", "-pk")[:count])


def breakouts():
    """{article id: item id} for items that grew into a full article (the oldest wins)."""
    pairs = (
        FeedItem.objects.filter(article__isnull=False)
        .order_by("-published_at", "-pk")
        .values_list("article_id", "pk")
    )
    return dict(pairs)
