"""RSS 2.0, Atom and JSON Feed 1.1 of the news feed, written by the same machinery as
the articles' feeds (masthead/articles/feeds.py), so they read alike."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from masthead.articles import feeds as article_feeds
from masthead.articles.distribution import FEED_FORMATS, site_base
from masthead.core.models import SiteSettings

from . import queries, rendering
from .models import FEED_FORMATS as FORMATS

FEED_ITEMS = 50
LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


@dataclass
class StreamScope(article_feeds.Scope):
    """The news feed as a feed scope: its addresses are the page's own routes."""

    paths: dict = field(default_factory=dict)

    def feed_url(self, base, fmt):
        return base.absolute(self.paths[fmt])


def alternate_links(page):
    """(type, title, href) for <link rel="alternate"> on the feed's pages."""
    return [
        (FEED_FORMATS[fmt][1].split(";")[0], f"{page.title} ({LABELS[fmt]})", page.feed_path(fmt))
        for fmt in FORMATS
    ]


def entry_for(item, page, base):
    hostname = base.root_url.split("://", 1)[-1].split(":")[0].split("/")[0]
    body = rendering.plain_text(item.body)
    url = base.absolute(page.item_url(item.pk))
    return article_feeds.FeedItem(
        # A tag URI: stays the same whatever happens to the page's address (RFC 4151).
        id=f"tag:{hostname},{item.published_at:%Y-%m-%d}:feed-item-{item.pk}",
        url=base.page_url(item.article.url_path) if item.article_id else url,
        title=item.headline,
        summary=body or item.headline,
        content_html=article_feeds.absolutize(expand_db_html(item.body), base)
        if item.body
        else None,
        published=item.published_at,
        modified=item.updated_at or item.published_at,
        tags=[tag.name for tag in item.tags.all()],
        image=article_feeds.feed_image(
            item.image, base, credit=item.image_credit or getattr(item.image, "credit", "")
        ),
    )


def render(request, page, fmt):
    """(body, content type, newest modification) of one of the stream's feeds."""
    base = site_base(request)
    outlet = SiteSettings.for_request(request)
    scope = StreamScope(
        title=f"{page.title} · {outlet.outlet_name}",
        description=page.search_description
        or page.introduction
        or _("Short updates from the newsroom, newest first."),
        link=base.page_url(page.url_path),
        url_name="",
        url_kwargs={},
        articles=None,
        paths={name: page.feed_path(name) for name in FORMATS},
    )
    items = [entry_for(item, page, base) for item in queries.latest(FEED_ITEMS)]
    if fmt == "json":
        body = article_feeds.render_json(scope, items, base, request)
    else:
        feed_class = article_feeds.RssFeed if fmt == "rss" else article_feeds.AtomFeed
        body = article_feeds.render_xml(feed_class, scope, items, base, fmt, request)
    last_modified = max((entry.modified for entry in items), default=None)
    return body, FEED_FORMATS[fmt][1], last_modified
