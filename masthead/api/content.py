"""The public, read-only Content API, mounted at /api/v1/.

It shows what a reader can see without signing in: live, public articles (no drafts, no
private or restricted pages), their sections, authors and topic tags. Every list is
cursor-paginated (`{"items": [...], "next": <absolute URL or null>}`, see cursors.py) and
reads a fixed number of queries whatever its length (`articles.queries.cards()`).

Every 200 carries an ETag, Last-Modified and public Cache-Control, and conditional
requests get 304. The page cache keeps these answers like pages, and a publish purges
them (`purges.api_paths`, registered with core.purges, names the API paths). CORS headers are
added outside the cache, in cors.py.
"""

import datetime
import enum
from functools import wraps

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from taggit.models import Tag
from wagtail.images.models import SourceImageIOError

from masthead.articles import queries
from masthead.articles.distribution import cacheable_response, site_base
from masthead.articles.feeds import absolutize
from masthead.articles.models import ArticlePage, ArticlePageTag, AuthorPage, SectionPage
from masthead.articles.structured_data import IMAGE_SPECS
from masthead.audio import queries as audio_queries

from .cursors import Ordering, page
from .errors import ErrorOut, ValidationErrorOut, invalid

router = Router(tags=["Content"])

LEAD_IMAGE_SPEC = IMAGE_SPECS[0]  # 16:9, 1200 wide: made for every article page's JSON-LD
AUTHOR_PHOTO_SPEC = "fill-400x400"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
MAX_LIMIT = 100

# --- response bodies -----------------------------------------------------------------

Kind = enum.StrEnum("Kind", {value.upper(): value for value in ArticlePage.Kind.values})


class SectionRef(Schema):
    id: int
    slug: str
    title: str
    url: str


class AuthorRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class TagRef(Schema):
    slug: str
    name: str
    url: str


class Image(Schema):
    url: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str


class Narration(Schema):
    url: str
    content_type: str
    duration: float  # seconds
    size: int  # bytes


class ArticleSummary(Schema):
    id: int
    headline: str
    standfirst: str
    kind: Kind
    url: str
    api_url: str
    section: SectionRef | None
    authors: list[AuthorRef]
    tags: list[TagRef]
    published_at: datetime.datetime
    updated_at: datetime.datetime | None
    modified_at: datetime.datetime
    word_count: int
    reading_time: int
    lead_image: Image | None
    is_accessible_for_free: bool


class Article(ArticleSummary):
    body_html: str | None
    narration: Narration | None


class ArticleList(Schema):
    items: list[ArticleSummary]
    next: str | None


class Section(SectionRef):
    introduction: str
    articles_url: str


class SectionList(Schema):
    items: list[Section]
    next: str | None


class Author(AuthorRef):
    role: str
    short_bio: str
    photo: Image | None
    articles_url: str


class AuthorList(Schema):
    items: list[Author]
    next: str | None


class Topic(TagRef):
    article_count: int
    articles_url: str


class TopicList(Schema):
    items: list[Topic]
    next: str | None


def responses(ok, *, not_found=False):
    """Every status an operation can answer with, for an exact OpenAPI document."""
    codes = {200: ok, 304: None, 422: ValidationErrorOut}
    if not_found:
        codes[404] = ErrorOut
    return codes


# --- shared helpers ----------------------------------------------------------------


def cacheable(run):
    """Give a 200 its validators and public Cache-Control, and answer 304 when the
    client's copy is current. The view may set `request.api_last_modified`."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        return cacheable_response(request, response, getattr(request, "api_last_modified", None))

    return wrapper


def listing(request, queryset, ordering, cursor, limit, build, filters=None):
    """One page of `queryset` as {"items", "next"}, items made by `build(item, base)`.
    The cursor is bound to `filters` (the list's filter values, parsed)."""
    base = site_base(request)
    items, last = page(queryset, ordering, cursor, limit, filters)
    next_url = None
    if last is not None:
        params = request.GET.copy()
        params["cursor"] = ordering.encode(last, filters)
        next_url = base.absolute(request.path) + "?" + params.urlencode()
    return {"items": [build(item, base) for item in items], "next": next_url}


def articles_url(base, **filters):
    (name, value) = next(iter(filters.items()))
    return base.absolute(f"{reverse('api:articles')}?{name}={value}")


def image(picture, base, spec, caption="", credit=""):
    if picture is None:
        return None
    try:
        rendition = picture.get_rendition(spec)
    except SourceImageIOError:
        return None  # the file is lost: leave the picture out, as the pages do
    return {
        "url": base.absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": picture.description or "",
        "caption": caption,
        "credit": credit,
    }


def slug_filter(description):
    return Query(None, pattern=SLUG_PATTERN, max_length=255, description=description)


LIMIT = Query(20, ge=1, le=MAX_LIMIT, description="Items per page, 1 to 100.")
CURSOR = Query(
    None,
    max_length=1000,
    description="Where the page starts: take it from the `next` URL of the previous page.",
)

# --- articles ------------------------------------------------------------------------

SECTION = slug_filter("Only articles in the section with this slug.")
TAG = slug_filter("Only articles with the topic tag with this slug.")
AUTHOR = slug_filter("Only articles by the author with this slug.")
KIND = Query(None, description="Only articles of this kind.")
UPDATED_SINCE = Query(
    None,
    max_length=64,
    description=(
        "Only articles whose `modified_at` is at or after this ISO 8601 time "
        "(UTC when no offset is given); orders by `modified_at`, oldest first. "
        "A bare number is refused, not read as a Unix time."
    ),
)

NEWEST_FIRST = Ordering("published", ("-published_at", "-pk"), ("datetime", "int"))
# For sync clients: oldest change first, so the last item seen is where to resume.
# `changed_at` is ArticlePage.modified_at, stored and indexed with the id.
CHANGED_SINCE = Ordering("modified", ("changed_at", "pk"), ("datetime", "int"))


def article_rows():
    """Live, public articles with everything a list item shows, in a fixed number of
    queries, and the time each last changed (as ArticlePage.modified_at reckons it)."""
    return queries.cards(queries.published()).prefetch_related(
        Prefetch(
            "tagged_items",
            queryset=ArticlePageTag.objects.select_related("tag").order_by("tag__name", "pk"),
        )
    )


def page_ref(page, base, title="title"):
    """A section (`title`) or an author (`name`) as lists and articles name it."""
    return {
        "id": page.pk,
        "slug": page.slug,
        title: page.title,
        "url": base.page_url(page.url_path),
    }


def tag_ref(tag, base):
    return {
        "slug": tag.slug,
        "name": tag.name,
        "url": base.absolute(reverse("tag", args=[tag.slug])),
    }


def article_summary(article, base):
    return {
        "id": article.pk,
        "headline": article.title,
        "standfirst": article.standfirst,
        "kind": article.kind,
        "url": base.page_url(article.url_path),
        "api_url": base.absolute(reverse("api:article", args=[article.pk])),
        "section": page_ref(article.section, base) if article.section_id else None,
        "authors": [page_ref(link.author, base, "name") for link in article.article_authors.all()],
        "tags": [tag_ref(tagged.tag, base) for tagged in article.tagged_items.all()],
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "modified_at": article.modified_at,
        "word_count": article.word_count,
        "reading_time": article.reading_minutes,
        "lead_image": image(
            article.lead_image, base, LEAD_IMAGE_SPEC, article.caption, article.credit
        ),
        "is_accessible_for_free": article.is_accessible_for_free(),
    }


def filter_articles(queryset, section, tag, author, kind):
    """Narrow to one section, topic, author or kind; an unknown slug is a 422 naming it,
    so a typo is not mistaken for an empty list."""
    if section is not None:
        found = SectionPage.objects.live().public().filter(slug=section).first()
        if found is None:
            raise invalid("query", "section", _("No section has this slug."), "not_found")
        queryset = queryset.filter(section=found)
    if tag is not None:
        found = Tag.objects.filter(slug=tag).first()
        if found is None:
            raise invalid("query", "tag", _("No topic tag has this slug."), "not_found")
        queryset = queryset.filter(tagged_items__tag=found)
    if author is not None:
        found = AuthorPage.objects.live().public().filter(slug=author).first()
        if found is None:
            raise invalid("query", "author", _("No author has this slug."), "not_found")
        queryset = queryset.filter(article_authors__author=found)
    if kind is not None:
        queryset = queryset.filter(kind=kind.value)
    return queryset


def iso_time(value, name):
    """An ISO 8601 date and time, e.g. 2026-11-01T09:00:00Z (what pydantic would also read
    from a bare number, as a Unix time, which no client means)."""
    try:
        if not value[:4].isdigit() or value[4:5] != "-":
            raise ValueError(value)
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise invalid(
            "query",
            name,
            _("Give an ISO 8601 date and time, e.g. 2026-11-01T09:00:00Z."),
            "datetime_from_iso8601",
        ) from error
    return aware_utc(moment, name)


def aware_utc(moment, name):
    """`moment` in UTC; a time without a zone is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError as error:
        raise invalid("query", name, _("This time is out of range."), "datetime_range") from error


@router.get(
    "/articles/",
    response=responses(ArticleList),
    url_name="articles",
    summary="List articles",
    description=(
        "Live, public articles, newest first (by `published_at`, then id). With "
        "`updated_since`, articles changed at or after that time, oldest change first "
        "(by `modified_at`, then id), so a sync client can resume from the last "
        "`modified_at` it saw. Filters combine. Walk the pages through `next`."
    ),
)
@decorate_view(cacheable)
def list_articles(
    request,
    section: str = SECTION,
    tag: str = TAG,
    author: str = AUTHOR,
    kind: Kind = KIND,
    updated_since: str = UPDATED_SINCE,
    cursor: str = CURSOR,
    limit: int = LIMIT,
):
    queryset = filter_articles(article_rows(), section, tag, author, kind)
    ordering = NEWEST_FIRST
    since = None
    if updated_since is not None:
        since = iso_time(updated_since, "updated_since")
        queryset = queryset.filter(changed_at__gte=since)
        ordering = CHANGED_SINCE
    filters = {
        "section": section,
        "tag": tag,
        "author": author,
        "kind": kind and kind.value,
        "updated_since": since and since.isoformat(),
    }
    body = listing(request, queryset, ordering, cursor, limit, article_summary, filters)
    request.api_last_modified = max((item["modified_at"] for item in body["items"]), default=None)
    return body


@router.get(
    "/articles/{article_id}/",
    response=responses(Article, not_found=True),
    url_name="article",
    summary="Read an article",
    description=(
        "One live, public article with its body as HTML (links and images absolute) "
        "and its narration when one is ready. `body_html` is null for member-only "
        "articles."
    ),
)
@decorate_view(cacheable)
def read_article(request, article_id: int):
    # Ids past 64 bits are no one's (and SQLite cannot even compare them).
    article = article_rows().filter(pk=article_id).first() if 0 < article_id < 2**63 else None
    if article is None:
        raise HttpError(404, _("No published article has this id."))
    base = site_base(request)
    data = article_summary(article, base)
    body_html = None
    if article.is_accessible_for_free():
        rendered = article.body.render_as_block(context={"request": request, "page": article})
        body_html = absolutize(str(rendered), base)
    narration = audio_queries.for_player(article.pk)
    data["body_html"] = body_html
    data["narration"] = narration and {
        "url": base.absolute(reverse("narration_audio", args=[narration.guid])),
        "content_type": "audio/mpeg",
        "duration": narration.duration,
        "size": narration.size,
    }
    request.api_last_modified = article.modified_at
    return data


# --- sections, authors, topics ----------------------------------------------------------

SECTIONS_IN_ORDER = Ordering("sections", ("path",), ("str",))
AUTHORS_BY_NAME = Ordering("authors", ("title", "pk"), ("str", "int"))
TOPICS_BY_NAME = Ordering("topics", ("name", "tag_id"), ("str", "int"))


def section_item(section, base):
    return {
        **page_ref(section, base),
        "introduction": section.introduction,
        "articles_url": articles_url(base, section=section.slug),
    }


def author_item(author, base):
    return {
        **page_ref(author, base, "name"),
        "role": author.role,
        "short_bio": author.short_bio,
        "photo": image(author.photo, base, AUTHOR_PHOTO_SPEC),
        "articles_url": articles_url(base, author=author.slug),
    }


def topic_item(row, base):
    return {
        "slug": row["slug"],
        "name": row["name"],
        "url": base.absolute(reverse("tag", args=[row["slug"]])),
        "article_count": row["article_count"],
        "articles_url": articles_url(base, tag=row["slug"]),
    }


@router.get(
    "/sections/",
    response=responses(SectionList),
    url_name="sections",
    summary="List sections",
    description="Live, public sections in the order of the site's page tree.",
)
@decorate_view(cacheable)
def list_sections(request, cursor: str = CURSOR, limit: int = LIMIT):
    sections = SectionPage.objects.live().public()
    return listing(request, sections, SECTIONS_IN_ORDER, cursor, limit, section_item)


@router.get(
    "/authors/",
    response=responses(AuthorList),
    url_name="authors",
    summary="List authors",
    description="Everyone with a live, public author page, by name.",
)
@decorate_view(cacheable)
def list_authors(request, cursor: str = CURSOR, limit: int = LIMIT):
    authors = (
        AuthorPage.objects.live()
        .public()
        .select_related("photo")
        .prefetch_related("photo__renditions")
    )
    return listing(request, authors, AUTHORS_BY_NAME, cursor, limit, author_item)


@router.get(
    "/tags/",
    response=responses(TopicList),
    url_name="tags",
    summary="List topic tags",
    description="Topic tags of live, public articles with how many articles each has, by name.",
)
@decorate_view(cacheable)
def list_tags(request, cursor: str = CURSOR, limit: int = LIMIT):
    return listing(request, queries.tags_in_use(), TOPICS_BY_NAME, cursor, limit, topic_item)
