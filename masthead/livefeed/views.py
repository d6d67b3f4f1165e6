"""Thin views: the news feed page, an item's own page, the stream's feeds, and the live
endpoints (/live/stream and /live/changes.json, see live.py)."""

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from masthead.articles import distribution

from . import feeds, live, queries, rendering, structured_data, widgets


def _page_context(request, page, **extra):
    context = page.get_context(request)
    return {**context, **widgets.live_settings(), **extra}


def feed_page(request, page):
    cursor = queries.newest_change_id()  # read first: a change after it reaches the page live
    listing = queries.feed_page(before=request.GET.get("before"))
    pinned = [rendering.item_html(item, page) for item in listing.pinned]
    days = [
        {
            "day": day.date.isoformat(),
            "label": rendering.day_label(day.date),
            "items": [rendering.item_html(item, page) for item in day.items],
        }
        for day in listing.days
    ]
    updates = listing.pinned + [item for day in listing.days for item in day.items]
    return TemplateResponse(
        request,
        page.template,
        _page_context(
            request,
            page,
            listing=listing,
            pinned_html=pinned,
            days=days,
            cursor=cursor,
            json_ld=structured_data.live_blog(
                page, updates, distribution.site_base(request), request
            ),
            feed_links=feeds.alternate_links(page),
        ),
    )


def item_page(request, page, item_id):
    item = queries.items().filter(pk=item_id).first()
    if item is None:
        raise Http404
    return TemplateResponse(
        request,
        "livefeed/item_page.html",
        _page_context(
            request,
            page,
            item=item,
            item_html=rendering.item_html(item, page, heading="h2"),
            feed_links=feeds.alternate_links(page),
        ),
    )


@require_safe
def stream_feed(request, fmt):
    """RSS, Atom or JSON Feed of the news feed's newest items."""
    page = queries.live_page()
    if page is None:
        raise Http404
    body, content_type, last_modified = feeds.render(request, page, fmt)
    return distribution.cacheable_response(
        request, HttpResponse(body, content_type=content_type), last_modified
    )


@require_safe
def stream(request):
    """Server-sent events of every change after the reader's cursor (Last-Event-ID, or
    ?cursor= from the page). Under WSGI (make run) one thread serves each open reader;
    production serves this path from the ASGI process instead (live.LiveStreamApp)."""
    cursor = live.parse_cursor(request.headers.get("Last-Event-ID"), request.GET.get("cursor"))
    response = StreamingHttpResponse(
        live.sync_events(cursor), content_type="text/event-stream; charset=utf-8"
    )
    for name, value in live.STREAM_HEADERS:
        response[name] = value
    return response


@require_safe
def changes(request):
    """The fallback for browsers without EventSource or behind proxies that cut long
    connections: the changes after ?after=, cheap to revalidate (ETag/304) and cacheable
    for a second, so a CDN answers most pollers."""
    after = live.parse_cursor(None, request.GET.get("after"))
    if after is None:
        after = 0
    rows = queries.changes_after(after, limit=live.CATCH_UP_LIMIT)
    cursor = rows[-1][0] if rows else after
    etag = f'"lf-{after}-{cursor}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = JsonResponse(
            {"cursor": cursor, "changes": [live.change_data(*row) for row in rows]}
        )
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=1, s_maxage=1)
    return response
