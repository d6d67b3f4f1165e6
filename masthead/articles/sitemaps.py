"""Sitemaps that stay fast with hundreds of thousands of articles.

Wagtail's sitemap loads every page; these read a few columns with `values_list` and
build each address from the page's `url_path`, never instantiating a page.

Each part of the site has its own sitemap pages: `pages` (home, standard pages, team,
jobs, forms, the authors index), `sections`, `authors`, `topics` and `articles`. A part
is split by id into buckets of PAGE_SIZE ids, so an item always stays on the same
sitemap page (exact purges: see distribution.urls_affected_by) and no page lists more
than PAGE_SIZE addresses, far below the protocol's 50,000. The index lists the
non-empty buckets with the newest modification time in each, in one grouped query
per part.
"""

import datetime
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, get_page_models

from masthead.core.models import SiteSettings

from . import queries
from .distribution import w3c_datetime
from .models import ArticlePage, ArticlePageTag, AuthorPage, SectionPage, latest_of

PAGE_SIZE = 10_000
NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 addresses per news sitemap
PARTS = ("pages", "sections", "authors", "topics", "articles")

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """Text escaped for an XML element, without the characters XML 1.0 forbids."""
    value = _XML_UNSAFE.sub("", str(value))
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bucket_of(pk):
    return pk // PAGE_SIZE + 1


def page_path(part, pk):
    """The path of the sitemap page of `part` that lists the item with this id."""
    return reverse("sitemap_section", kwargs={"part": part, "page": bucket_of(pk)})


def _bucket_bounds(number):
    return (number - 1) * PAGE_SIZE, number * PAGE_SIZE


def _bucketed(queryset, key="pk"):
    return queryset.annotate(bucket=F(key) / Value(PAGE_SIZE) + Value(1))


def _max_by(queryset, group, *fields):
    """{group value: latest of the maxima of `fields`} in one grouped query."""
    rows = (
        queryset.order_by()
        .values(group)
        .annotate(**{f"m{i}": Max(name) for i, name in enumerate(fields)})
        .values_list(group, *[f"m{i}" for i in range(len(fields))])
    )
    return {row[0]: latest_of(*row[1:]) for row in rows}


# --- what each part lists --------------------------------------------------------------


def _other_pages(base):
    """Live public pages of the site that are not articles, sections or authors."""
    # Named by type, not by exclusion, so the content-type index skips the article rows.
    others = [
        model
        for model in get_page_models()
        if not model._meta.abstract
        and model is not Page
        and not issubclass(model, ArticlePage | SectionPage | AuthorPage)
    ]
    types = ContentType.objects.get_for_models(*others).values()
    pages = Page.objects.live().public().filter(content_type__in=list(types))
    if base.root_path:
        pages = pages.filter(path__startswith=base.root_path)
    return pages


def _section_activity(ids=None):
    """{section id: publication time of its newest article}: one indexed lookup each
    (the article_section_published index), not a scan of the archive."""
    newest = (
        queries.published()
        .filter(section_id=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    sections = SectionPage.objects.all() if ids is None else SectionPage.objects.filter(pk__in=ids)
    return dict(sections.annotate(newest=Subquery(newest)).values_list("pk", "newest"))


def _live_articles():
    """Published articles as rows of the page table alone (no join: fast to group)."""
    article_type = ContentType.objects.get_for_model(ArticlePage)
    return Page.objects.live().public().filter(content_type=article_type)


def _newest_article():
    return (
        queries.published().order_by("-published_at").values_list("published_at", flat=True).first()
    )


def _topics(low=None, high=None):
    """(id, slug) of topics with at least one live article, by id."""
    used = ArticlePageTag.objects.filter(tag_id=OuterRef("pk"), content_object__live=True)
    tags = Tag.objects.filter(Exists(used))
    if low is not None:
        tags = tags.filter(pk__gte=low, pk__lt=high)
    return list(tags.order_by("pk").values_list("pk", "slug"))


def index_entries(base):
    """[(part, page number, lastmod)] for the sitemap index, in one query per part.

    Article pages' lastmod is the latest publish in their id range, read from the page
    table alone. Author and topic pages change with every new article, so their pages'
    lastmod is the newest article's time."""
    newest = _newest_article()
    entries = []
    pages = _max_by(_bucketed(_other_pages(base)), "bucket", "last_published_at")
    entries += [("pages", number, lastmod) for number, lastmod in pages.items()]

    section_rows = _bucketed(SectionPage.objects.live().public()).values_list(
        "pk", "bucket", "last_published_at"
    )
    activity = _section_activity()
    by_bucket = {}
    for pk, number, published in section_rows:
        by_bucket[number] = latest_of(by_bucket.get(number), published, activity.get(pk))
    entries += [("sections", number, lastmod) for number, lastmod in by_bucket.items()]

    authors = _max_by(_bucketed(AuthorPage.objects.live().public()), "bucket", "last_published_at")
    entries += [("authors", n, latest_of(lastmod, newest)) for n, lastmod in authors.items()]

    topic_buckets = sorted({bucket_of(pk) for pk, _slug in _topics()})
    entries += [("topics", number, newest) for number in topic_buckets]

    articles = _max_by(_bucketed(_live_articles()), "bucket", "last_published_at")
    entries += [("articles", number, lastmod) for number, lastmod in articles.items()]
    return sorted(entries, key=lambda entry: (PARTS.index(entry[0]), entry[1]))


def page_entries(part, number, base):
    """[(absolute URL, lastmod)] on one sitemap page, or None when there is no such page.

    An author's or a topic's own lastmod is left out: finding each one's newest article
    would scan the archive, and their page in the index already says when it changed."""
    low, high = _bucket_bounds(number)
    in_bucket = Q(pk__gte=low, pk__lt=high)
    if part == "articles":
        rows = (
            queries.published()
            .filter(in_bucket)
            .order_by("pk")
            .values_list("url_path", "published_at", "updated_at", "last_published_at")
        )
        entries = [(base.page_url(row[0]), latest_of(*row[1:])) for row in rows]
    elif part == "pages":
        rows = (
            _other_pages(base)
            .filter(in_bucket)
            .order_by("path")
            .values_list("url_path", "last_published_at")
        )
        entries = [(base.page_url(url_path), lastmod) for url_path, lastmod in rows]
    elif part == "sections":
        rows = list(
            SectionPage.objects.live()
            .public()
            .filter(in_bucket)
            .order_by("path")
            .values_list("pk", "url_path", "last_published_at")
        )
        activity = _section_activity([row[0] for row in rows])
        entries = [
            (base.page_url(url_path), latest_of(lastmod, activity.get(pk)))
            for pk, url_path, lastmod in rows
        ]
    elif part == "authors":
        rows = (
            AuthorPage.objects.live()
            .public()
            .filter(in_bucket)
            .order_by("path")
            .values_list("url_path", flat=True)
        )
        entries = [(base.page_url(url_path), None) for url_path in rows]
    elif part == "topics":
        entries = [
            (base.absolute(reverse("tag", args=[slug])), None) for _pk, slug in _topics(low, high)
        ]
    else:
        return None
    return entries or None


# --- XML ----------------------------------------------------------------------------


def render_index(base):
    entries = index_entries(base)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    for part, number, lastmod in entries:
        loc = base.absolute(reverse("sitemap_section", kwargs={"part": part, "page": number}))
        lastmod_tag = f"<lastmod>{w3c_datetime(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<sitemap><loc>{xml_text(loc)}</loc>{lastmod_tag}</sitemap>")
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n", latest_of(*(entry[2] for entry in entries))


def render_page(part, number, base):
    """The urlset of one sitemap page, or None when it lists nothing."""
    entries = page_entries(part, number, base)
    if entries is None:
        return None
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for loc, lastmod in entries:
        lastmod_tag = f"<lastmod>{w3c_datetime(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{xml_text(loc)}</loc>{lastmod_tag}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n", latest_of(*(entry[1] for entry in entries))


def news_entries(now=None):
    """Articles published in the last 48 hours, newest first, at most 1,000."""
    since = (now or timezone.now()) - NEWS_WINDOW
    return list(
        queries.published()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-pk")
        .values_list("url_path", "title", "published_at")[:NEWS_LIMIT]
    )


def render_news(base, request, now=None):
    """A Google News sitemap (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap)."""
    outlet = SiteSettings.for_request(request)
    name = xml_text(outlet.outlet_name)
    language = settings.LANGUAGE_CODE.split("-")[0].lower()
    rows = news_entries(now)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">',
    ]
    for url_path, title, published in rows:
        lines.append(
            f"<url><loc>{xml_text(base.page_url(url_path))}</loc><news:news>"
            f"<news:publication><news:name>{name}</news:name>"
            f"<news:language>{language}</news:language></news:publication>"
            f"<news:publication_date>{w3c_datetime(published)}</news:publication_date>"
            f"<news:title>{xml_text(title)}</news:title></news:news></url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n", max((row[2] for row in rows), default=None)
