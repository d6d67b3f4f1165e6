"""What the site gives to other machines: feeds, sitemaps and robots.txt.

Shared pieces live here (the site a request is for, absolute addresses built from
`url_path` without loading pages, cache headers) together with
`urls_affected_by(article)`, which names every feed and sitemap address that lists an
article so a publish can purge exactly those (registered with core.purges in apps.py;
the Content API and the podcast register their own).
"""

import datetime
import hashlib
from dataclasses import dataclass
from email.utils import format_datetime

from django.conf import settings
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from wagtail.models import Site

# Feed formats: the name used in URL names' `fmt` kwarg, the file name in the path, and
# the content type served.
FEED_FORMATS = {
    "rss": ("rss.xml", "application/rss+xml; charset=utf-8"),
    "atom": ("atom.xml", "application/atom+xml; charset=utf-8"),
    "json": ("feed.json", "application/feed+json; charset=utf-8"),
}


class FeedFormatConverter:
    """`rss.xml`, `atom.xml` or `feed.json` in a path; `rss`, `atom` or `json` in Python."""

    regex = r"rss\.xml|atom\.xml|feed\.json"
    by_filename = {filename: fmt for fmt, (filename, _) in FEED_FORMATS.items()}

    def to_python(self, value):
        return self.by_filename[value]

    def to_url(self, value):
        if value not in FEED_FORMATS:
            raise ValueError(value)
        return FEED_FORMATS[value][0]


@dataclass(frozen=True)
class SiteBase:
    """The public address of a site and the tree path its pages' URLs are relative to."""

    root_url: str  # e.g. https://news.example (no trailing slash)
    root_url_path: str  # the home page's url_path, e.g. /home/
    root_path: str  # the home page's tree path, e.g. 00010001
    site: Site | None = None

    def absolute(self, path):
        """`path` on this site as an absolute URL; absolute URLs are kept as they are."""
        if not path or "://" in path or path.startswith("//"):
            return path
        return self.root_url + path

    def page_path(self, url_path):
        """The served path of a page from its `url_path`, as Wagtail routes it."""
        return "/" + url_path[len(self.root_url_path) :]

    def page_url(self, url_path):
        return self.root_url + self.page_path(url_path)


def site_base(request=None):
    """Where the site of this request (or the default site) lives. Cached on the request."""
    cached = getattr(request, "_masthead_site_base", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        base = SiteBase(settings.SITE_URL, "/", "")
    else:
        root = site.root_page
        base = SiteBase(site.root_url.rstrip("/"), root.url_path, root.path, site)
    if request is not None:
        request._masthead_site_base = base
    return base


def w3c_datetime(value):
    """A timezone-aware datetime as the W3C/ISO 8601 form sitemaps and JSON use, in UTC."""
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds")


def cacheable_response(request, response, last_modified=None):
    """Give a feed, sitemap or robots.txt response public cache headers, an ETag and
    Last-Modified, and answer conditional requests with 304. Sets no cookie, so the full
    page cache may keep it for every anonymous reader."""
    etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    response["ETag"] = etag
    timestamp = None
    if last_modified is not None:
        response["Last-Modified"] = format_datetime(
            last_modified.astimezone(datetime.UTC), usegmt=True
        )
        timestamp = int(last_modified.timestamp())
    patch_cache_control(
        response,
        public=True,
        max_age=settings.CACHE_CONTROL_MAX_AGE,
        s_maxage=settings.CACHE_CONTROL_S_MAXAGE,
        stale_while_revalidate=settings.CACHE_CONTROL_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.CACHE_CONTROL_STALE_IF_ERROR,
    )
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


def feed_paths(name, **kwargs):
    """The paths of one feed scope in every format."""
    return [reverse(name, kwargs={**kwargs, "fmt": fmt}) for fmt in FEED_FORMATS]


def urls_affected_by(article):
    """The paths of every feed and sitemap page that lists `article` (or whose lastmod it
    sets), as the article is in the database now: for exact cache purges."""
    from . import sitemaps

    paths = feed_paths("feed")
    if article.section_id:
        section = article.section
        paths += feed_paths("section_feed", slug=section.slug)
        paths.append(sitemaps.page_path("sections", article.section_id))
    for link in article.article_authors.select_related("author"):
        paths += feed_paths("author_feed", slug=link.author.slug)
        paths.append(sitemaps.page_path("authors", link.author_id))
    for tag in article.tags.all():
        paths += feed_paths("tag_feed", slug=tag.slug)
        paths.append(sitemaps.page_path("topics", tag.pk))
    paths += [
        reverse("sitemap_index"),
        sitemaps.page_path("articles", article.pk),
        reverse("news_sitemap"),
    ]
    return list(dict.fromkeys(paths))
