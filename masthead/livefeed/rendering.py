"""HTML of feed items, shared by the pages, the widget and the live events, so an item
inserted live looks exactly like one rendered with the page."""

import json
import time

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.html import strip_tags

DAY_FORMAT = "l, j F Y"  # Wednesday, 25 November 2026


def local_day(moment):
    return timezone.localtime(moment).date()


def day_label(date):
    return formats.date_format(date, DAY_FORMAT)


def permalink(item, page):
    return page.item_url(item.pk) if page is not None else ""


def item_html(item, page, heading="h3"):
    return render_to_string(
        "livefeed/item.html",
        {
            "item": item,
            "day": local_day(item.published_at).isoformat(),
            "permalink": permalink(item, page),
            "heading": heading,
        },
    )


def compact_html(item, page, today=None):
    return render_to_string(
        "livefeed/item_compact.html",
        {
            "item": item,
            "day": local_day(item.published_at),
            "today": today or timezone.localdate(),
            "permalink": permalink(item, page),
        },
    )


def plain_text(html):
    return " ".join(strip_tags(html or "").split())


def event_payload(item, kind, page):
    """The live event's data for a change, as JSON text: rendered once, sent to everyone.
    `at` is the wall-clock time the change was recorded (the benchmark measures from it)."""
    data = {"kind": kind, "id": item.pk, "at": time.time()}
    if kind != "deleted":
        day = local_day(item.published_at)
        data.update(
            headline=item.headline,
            breaking=item.breaking,
            pinned=item.pinned,
            published=int(item.published_at.timestamp()),
            day=day.isoformat(),
            day_label=day_label(day),
            html=item_html(item, page),
            compact=compact_html(item, page),
        )
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
