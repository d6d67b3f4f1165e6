"""RSS 2.0, Atom and JSON Feed 1.1 of the newest articles: the whole site, one section,
one author or one topic.

RSS and Atom are written by Django's own feed generator (the engine of its syndication
framework), extended with `content:encoded`/`<content>` for the full text and Media RSS
for the lead image; JSON Feed 1.1 is a plain dict. All three are built from the same
`FeedItem`s, so they always carry the same articles.
"""

import json
import logging
import mimetypes
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.images.models import SourceImageIOError

from masthead.core import fragments
from masthead.core.models import SiteSettings

from . import queries
from .distribution import FEED_FORMATS, site_base
from .models import ArticlePageTag, AuthorPage, FeedSettings, SectionPage

logger = logging.getLogger(__name__)

MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# The lead image as feeds carry it: the whole photo, at most 1200 pixels wide or tall.
FEED_IMAGE_SPEC = "max-1200x1200"


@dataclass
class FeedImage:
    url: str
    width: int
    height: int
    length: int
    mime_type: str
    alt: str = ""
    credit: str = ""


@dataclass
class FeedItem:
    id: str
    url: str
    title: str
    summary: str
    content_html: str | None
    published: object
    modified: object
    authors: list = field(default_factory=list)  # [(name, absolute url)]
    tags: list = field(default_factory=list)
    section: str = ""
    image: FeedImage | None = None


@dataclass
class Scope:
    """Which articles a feed lists and how it names itself."""

    title: str
    description: str
    link: str  # the HTML page the feed mirrors (absolute)
    url_name: str
    url_kwargs: dict
    articles: object  # queryset of published articles

    def feed_url(self, base, fmt):
        return base.absolute(reverse(self.url_name, kwargs={**self.url_kwargs, "fmt": fmt}))


def scope_for(request, kind, slug=None):
    """The feed scope `kind` ("site", "section", "author", "tag"); 404 for unknown slugs."""
    base = site_base(request)
    outlet = SiteSettings.for_request(request)
    name = outlet.outlet_name
    published = queries.published()
    if kind == "site":
        return Scope(
            title=name,
            description=outlet.description or outlet.tagline or name,
            link=base.absolute("/"),
            url_name="feed",
            url_kwargs={},
            articles=published,
        )
    if kind == "section":
        section = SectionPage.objects.live().public().filter(slug=slug).first()
        if section is None:
            raise Http404
        return Scope(
            title=f"{section.title} · {name}",
            description=section.introduction or section.title,
            link=base.page_url(section.url_path),
            url_name="section_feed",
            url_kwargs={"slug": slug},
            articles=published.filter(section=section),
        )
    if kind == "author":
        author = AuthorPage.objects.live().public().filter(slug=slug).first()
        if author is None:
            raise Http404
        return Scope(
            title=f"{author.title} · {name}",
            description=author.short_bio or _("Articles by %(name)s") % {"name": author.title},
            link=base.page_url(author.url_path),
            url_name="author_feed",
            url_kwargs={"slug": slug},
            articles=published.filter(article_authors__author=author),
        )
    if kind == "tag":
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404
        return Scope(
            title=f"{tag.name} · {name}",
            description=_("Articles about %(name)s") % {"name": tag.name},
            link=base.absolute(reverse("tag", args=[tag.slug])),
            url_name="tag_feed",
            url_kwargs={"slug": slug},
            articles=published.filter(tagged_items__tag=tag),
        )
    raise Http404


def newest(scope, limit):
    """The newest `limit` articles of a scope with everything an item shows, in a fixed
    number of queries."""
    return list(
        queries.cards(scope.articles.order_by("-published_at", "-pk")).prefetch_related(
            Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag"))
        )[:limit]
    )


_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster)=")(/[^/"][^"]*|/)"')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')


def absolutize(html, base):
    """Make the site-relative links and image addresses of rendered HTML absolute, as
    feed readers show the HTML away from the site."""
    html = _URL_ATTRIBUTE.sub(lambda m: f'{m.group(1)}{base.absolute(m.group(2))}"', html)

    def srcset(match):
        candidates = []
        for candidate in match.group(2).split(","):
            parts = candidate.strip().split(" ", 1)
            parts[0] = base.absolute(parts[0]) if parts[0].startswith("/") else parts[0]
            candidates.append(" ".join(parts))
        return f'{match.group(1)}{", ".join(candidates)}"'

    return _SRCSET.sub(srcset, html)


def feed_image(image, base, alt="", credit=""):
    if image is None:
        return None
    try:
        rendition = image.get_rendition(FEED_IMAGE_SPEC)
    except SourceImageIOError:
        logger.warning("image %s has no file: left out of the feed", image.pk)
        return None
    try:
        length = rendition.file.size
    except OSError:
        length = 0
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return FeedImage(
        url=base.absolute(rendition.url),
        width=rendition.width,
        height=rendition.height,
        length=length,
        mime_type=mime_type,
        alt=alt or image.description or "",
        credit=credit,
    )


def item_for(article, base, full_text, request):
    url = base.page_url(article.url_path)
    content_html = None
    if full_text:
        body = article.body.render_as_block(context={"request": request, "page": article})
        content_html = absolutize(str(body), base)
        if article.standfirst:
            content_html = f"<p><strong>{escape(article.standfirst)}</strong></p>{content_html}"
    published = article.published_at
    hostname = base.root_url.split("://", 1)[-1].split(":")[0].split("/")[0]
    return FeedItem(
        # A tag URI that survives a change of slug or section (RFC 4151).
        id=f"tag:{hostname},{published:%Y-%m-%d}:article-{article.pk}",
        url=url,
        title=article.title,
        summary=article.standfirst or article.search_description or article.title,
        content_html=content_html,
        published=published,
        modified=article.modified_at,
        authors=[
            (link.author.title, base.page_url(link.author.url_path))
            for link in article.article_authors.all()
        ],
        tags=[tagged.tag.name for tagged in article.tagged_items.all()],
        section=article.section.title if article.section_id else "",
        image=feed_image(article.lead_image, base, credit=article.credit),
    )


def build_items(request, scope):
    setting = FeedSettings.for_request(request)
    base = site_base(request)
    return [item_for(a, base, setting.full_text, request) for a in newest(scope, setting.items)]


# --- RSS and Atom -------------------------------------------------------------------


class RssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry = item["entry"]
        for name, _url in entry.authors:
            handler.addQuickElement("dc:creator", name)
        if entry.content_html:
            handler.addQuickElement("content:encoded", entry.content_html)
        add_media(handler, entry)


class AtomFeed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry = item["entry"]
        for name, url in entry.authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        if entry.content_html:
            handler.addQuickElement("content", entry.content_html, {"type": "html"})
        add_media(handler, entry)


def add_media(handler, entry):
    image = entry.image
    if image is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": image.url,
            "medium": "image",
            "type": image.mime_type,
            "width": str(image.width),
            "height": str(image.height),
        },
    )
    if image.alt:
        handler.addQuickElement("media:description", image.alt)
    if image.credit:
        handler.addQuickElement("media:credit", image.credit)
    handler.endElement("media:content")


def render_xml(feed_class, scope, items, base, fmt, request):
    outlet = SiteSettings.for_request(request)
    feed = feed_class(
        title=scope.title,
        link=scope.link,
        description=scope.description,
        subtitle=scope.description,
        language=settings.LANGUAGE_CODE,
        author_name=outlet.outlet_name,
        author_link=base.absolute("/"),
        feed_url=scope.feed_url(base, fmt),
        feed_guid=scope.feed_url(base, fmt),
        feed_copyright=outlet.copyright_holder or None,
    )
    for entry in items:
        image = entry.image
        feed.add_item(
            title=entry.title,
            link=entry.url,
            description=entry.summary,
            pubdate=entry.published,
            updateddate=entry.modified,
            unique_id=entry.id,
            unique_id_is_permalink=False,
            categories=([entry.section] if entry.section else []) + entry.tags,
            enclosures=(
                [Enclosure(image.url, str(image.length), image.mime_type)] if image else None
            ),
            entry=entry,
        )
    return feed.writeString("utf-8")


# --- JSON Feed 1.1 ------------------------------------------------------------------


def render_json(scope, items, base, request):
    """A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1)."""
    from .distribution import w3c_datetime

    outlet = SiteSettings.for_request(request)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": scope.title,
        "home_page_url": scope.link,
        "feed_url": scope.feed_url(base, "json"),
        "description": scope.description,
        "language": settings.LANGUAGE_CODE,
        "authors": [{"name": outlet.outlet_name, "url": base.absolute("/")}],
        "items": [],
    }
    for entry in items:
        item = {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "summary": entry.summary,
            "date_published": w3c_datetime(entry.published),
            "date_modified": w3c_datetime(entry.modified),
            "authors": [{"name": name, "url": url} for name, url in entry.authors],
            "tags": ([entry.section] if entry.section else []) + entry.tags,
        }
        if entry.content_html:
            item["content_html"] = entry.content_html
        else:
            item["content_text"] = entry.summary
        if entry.image:
            item["image"] = entry.image.url
            item["attachments"] = [
                {
                    "url": entry.image.url,
                    "mime_type": entry.image.mime_type,
                    "size_in_bytes": entry.image.length,
                    "title": entry.image.alt or entry.title,
                }
            ]
        document["items"].append(item)
    return json.dumps(document, ensure_ascii=False, indent=1)


def render(request, kind, fmt, slug=None):
    """(body, content type, newest modification time) of one feed: a fragment, so a feed
    the page cache does not hold (or with the page cache off) is built once per purge
    generation. Every change a feed shows purges (settings included)."""
    base = site_base(request)
    return fragments.get_or_set(
        request,
        "feed",
        (kind, fmt, slug or "", base.root_url),
        lambda: _render(request, kind, fmt, slug),
        # the feed's own address: every purge naming it (distribution.urls_affected_by)
        tags=[fragments.path_tag(request.path)],
    )


def _render(request, kind, fmt, slug):
    scope = scope_for(request, kind, slug)
    base = site_base(request)
    items = build_items(request, scope)
    if fmt == "json":
        body = render_json(scope, items, base, request)
    else:
        body = render_xml(RssFeed if fmt == "rss" else AtomFeed, scope, items, base, fmt, request)
    last_modified = max((entry.modified for entry in items), default=None)
    return body, FEED_FORMATS[fmt][1], last_modified
