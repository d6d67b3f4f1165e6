"""The news feed widget (slots `home.newsfeed` and `article.aside`) and the note on an
article that began as a feed item (slot `article.after_body`).

Both go into cached HTML shared by every reader. Each costs a page one query: the newest
change id, looked up once per request and shared by both; the rendered widget and the
article→item map are cached under that id, so any change to the feed renews them.
Between purges (every change to the feed purges, services.py) the id and what was
rendered for it are fragments (core/fragments.py), so a page reads no feed at all."""

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.core import fragments

from . import queries, rendering

CACHE_TIMEOUT = 3600
TAG = "livefeed"  # the fragment tag of everything here; services.py bumps it


def current_cursor(context):
    request = context.get("request")
    cursor = getattr(request, "_livefeed_cursor", None)
    if cursor is None:
        cursor = fragments.get_or_set(
            request, "livefeed-cursor", [], queries.newest_change_id, tags=[TAG]
        )
        if request is not None:
            request._livefeed_cursor = cursor
    return cursor


def widget_html(cursor, variant):
    today = timezone.localdate()
    key = f"livefeed:widget:{variant}:{cursor}:{today.isoformat()}"
    html = cache.get(key)
    if html is None:
        page = queries.live_page()
        latest = queries.latest(settings.LIVEFEED_WIDGET_ITEMS)
        html = ""
        if latest:
            html = render_to_string(
                "livefeed/widget.html",
                {
                    "items_html": [rendering.compact_html(i, page, today) for i in latest],
                    "feed_page": page,
                    "cursor": cursor,
                    "variant": variant,
                    "limit": settings.LIVEFEED_WIDGET_ITEMS,
                    **live_settings(),
                },
            )
        cache.set(key, html, CACHE_TIMEOUT)
    return html


def live_settings():
    """What the live script needs to know, for templates."""
    return {
        "live_transport": settings.LIVEFEED_TRANSPORT,
        "live_poll_seconds": settings.LIVEFEED_POLL_SECONDS,
    }


def cached_widget_html(context, variant):
    cursor = current_cursor(context)
    day = timezone.localdate().isoformat()
    return fragments.get_or_set(
        context.get("request"),
        "livefeed-widget",
        [variant, cursor, day],
        lambda: widget_html(cursor, variant),
        tags=[TAG],
    )


def render_home_widget(context):
    return cached_widget_html(context, "home")


def render_article_widget(context):
    if not isinstance(context.get("page"), ArticlePage):
        return ""
    return cached_widget_html(context, "aside")


def render_origin_note(context):
    page = context.get("page")
    if not isinstance(page, ArticlePage):
        return ""
    cursor = current_cursor(context)
    return fragments.get_or_set(
        context.get("request"),
        "livefeed-origin",
        [cursor, page.pk],
        lambda: _origin_note(page, cursor),
        tags=[TAG],
    )


def _origin_note(page, cursor):
    key = f"livefeed:breakouts:{cursor}"
    origins = cache.get(key)
    if origins is None:
        feed_page = queries.live_page()
        origins = {
            article_id: feed_page.item_url(item_id) if feed_page else ""
            for article_id, item_id in queries.breakouts().items()
        }
        cache.set(key, origins, CACHE_TIMEOUT)
    if page.pk not in origins:
        return ""
    return render_to_string("livefeed/origin_note.html", {"item_url": origins[page.pk]})
