"""Every change to the news feed: posting, correcting and deleting items.

Each function validates, sanitises the body, writes the item and its entry in the change
log (FeedChange) in one transaction, and after commit purges the cached pages that show
the newest items. Open pages learn of the change from the change log (see live.py), so
nothing here talks to readers directly. The Admin API and the admin forms call these."""

import datetime
import logging
import re

import nh3
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from masthead.core import fragments, pagecache

from . import queries, rendering, widgets
from .models import BODY_MAX, HEADLINE_MAX, FeedChange, FeedItem

logger = logging.getLogger(__name__)

# The same headline and text posted again within this time is a double submission.
DUPLICATE_WINDOW = datetime.timedelta(seconds=30)
EDITABLE = {
    "headline",
    "body",
    "published_at",
    "image",
    "image_credit",
    "article",
    "tags",
    "breaking",
    "pinned",
    "posted_by",
}
# Fields whose change is a correction readers see as "Updated HH:MM".
CORRECTIONS = {"headline", "body", "image", "image_credit", "article"}
ALLOWED_TAGS = {"p", "a", "strong", "b", "em", "i", "br"}
# linktype/id: Wagtail's rich text stores links to pages as <a linktype="page" id="3">.
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
URL_SCHEMES = {"http", "https", "mailto"}
CHANGE_LOG_LOCK = 0x4C495645  # "LIVE": serialises writers of the change log on PostgreSQL


def sanitise_body(html):
    """The body as safe HTML: paragraphs, links, bold, italic and line breaks only.
    Plain text becomes paragraphs (a blank line starts a new one)."""
    html = (html or "").strip()
    if not html:
        return ""
    if "<" not in html:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
        html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    ).strip()
    return "" if not rendering.plain_text(cleaned) else cleaned


def validate(values, item=None):
    """Raise ValidationError({field: [messages]}) for what an editor must fix."""
    errors = {}
    headline = values.get("headline", "")
    if not headline:
        errors["headline"] = [_("Write a headline: an update cannot be posted without one.")]
    elif len(headline) > HEADLINE_MAX:
        errors["headline"] = [
            _("Keep the headline to %(max)d characters (it has %(count)d).")
            % {"max": HEADLINE_MAX, "count": len(headline)}
        ]
    length = len(rendering.plain_text(values.get("body", "")))
    if length > BODY_MAX:
        errors["body"] = [
            _(
                "Keep the text to %(max)d characters (it has %(count)d); a longer story belongs in an article."
            )
            % {"max": BODY_MAX, "count": length}
        ]
    if item is None and headline and "headline" not in errors:
        recent = FeedItem.objects.filter(
            headline=headline,
            body=values.get("body", ""),
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        if recent.exists():
            errors["headline"] = [
                _("This update was posted a moment ago; it has not been posted twice.")
            ]
    if errors:
        raise ValidationError(errors)


def _clean_values(fields):
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"unknown feed item fields: {', '.join(sorted(unknown))}")
    values = dict(fields)
    if "headline" in values:
        values["headline"] = " ".join((values["headline"] or "").split())
    if "body" in values:
        values["body"] = sanitise_body(values["body"])
    if "image_credit" in values:
        values["image_credit"] = (values["image_credit"] or "").strip()
    if values.get("published_at") is None:
        values.pop("published_at", None)
    return values


def _lock_change_log():
    """Hold the change log until commit, so change ids are handed out in commit order and
    a reader that has seen change N has seen every change before it. SQLite already
    serialises writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOG_LOCK])


def _record(item, kind):
    _lock_change_log()
    payload = rendering.event_payload(item, kind, queries.live_page())
    return FeedChange.objects.create(item_id=item.pk, kind=kind, payload=payload)


def stale_paths(item_id):
    """The cached paths showing the newest items: the news feed page and its feeds, the
    item's own page, and the home page. Article pages carry the widget too; open ones are
    brought up to date by the live script, which starts from the change they embed."""
    paths = ["/"]
    page = queries.live_page()
    if page is not None:
        paths += [*page.cached_paths(), page.item_url(item_id)]
    return paths


def _purge_after_commit(item_id):
    paths = stale_paths(item_id)
    # Only the news feed's own fragments (tag "livefeed") are dropped: at once (this
    # request and the tests see the change), and again after the commit, with the pages.
    fragments.bump_tags(widgets.TAG)

    def purge():
        fragments.bump_tags(widgets.TAG)
        pagecache.purge(paths)

    transaction.on_commit(purge)


@transaction.atomic
def do_post_item(
    *,
    headline,
    body="",
    posted_by=None,
    published_at=None,
    image=None,
    image_credit="",
    article=None,
    tags=(),
    breaking=False,
    pinned=False,
):
    """Publish a new item at once (its time is now unless `published_at` is given)."""
    values = _clean_values(
        {
            "headline": headline,
            "body": body,
            "posted_by": posted_by,
            "published_at": published_at,
            "image": image,
            "image_credit": image_credit,
            "article": article,
            "breaking": breaking,
            "pinned": pinned,
        }
    )
    validate(values)
    item = FeedItem.objects.create(**values)
    if tags:
        item.tags.set(list(tags))
    _record(item, FeedChange.Kind.PUBLISHED)
    _purge_after_commit(item.pk)
    logger.info("feed item %s posted by %s", item.pk, posted_by)
    return item


@transaction.atomic
def do_update_item(item, *, by=None, **fields):
    """Correct an item. A change to what readers read stamps `updated_at` ("Updated
    HH:MM"); pinning, tags or the breaking flag alone do not."""
    item = FeedItem.objects.select_for_update().get(pk=item.pk)
    values = _clean_values(fields)
    tags = values.pop("tags", None)
    merged = {"headline": item.headline, "body": item.body, **values}
    validate(merged, item=item)
    corrected = any(
        getattr(item, name + ("_id" if name in ("image", "article") else "")) != _key(value)
        for name, value in values.items()
        if name in CORRECTIONS
    )
    for name, value in values.items():
        setattr(item, name, value)
    if corrected:
        item.updated_at = timezone.now()
    item.save()
    if tags is not None:
        item.tags.set(list(tags))
    _record(item, FeedChange.Kind.UPDATED)
    _purge_after_commit(item.pk)
    logger.info("feed item %s updated by %s", item.pk, by)
    return item


def _key(value):
    return value.pk if hasattr(value, "pk") else value


@transaction.atomic
def do_delete_item(item, *, by=None):
    item_id = item.pk
    FeedItem.objects.filter(pk=item_id).delete()
    _record(FeedItem(pk=item_id), FeedChange.Kind.DELETED)
    _purge_after_commit(item_id)
    logger.info("feed item %s deleted by %s", item_id, by)
