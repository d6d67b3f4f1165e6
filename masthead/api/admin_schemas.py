"""Request and response bodies of the Admin API."""

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from masthead.articles.models import ArticlePage

from .errors import ErrorOut, ValidationErrorOut

Kind = Literal[tuple(ArticlePage.Kind.values)]
Status = Literal["live", "draft", "scheduled"]


def check_text(value):
    """Refuse what no column can store: NUL characters and lone surrogates, at any depth."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Text may not contain NUL characters.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("Text must be valid Unicode.") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key)
            check_text(item)
    elif isinstance(value, list):
        for item in value:
            check_text(item)
    return value


def check_moment(value):
    """Any offset the client likes, stored in UTC; a naive time is UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        value = value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("Give a time between the years 1800 and 9998.") from None
    if not 1800 <= value.year <= 9998:
        raise ValueError("Give a time between the years 1800 and 9998.")
    return value


Text = Annotated[str, AfterValidator(check_text)]
Moment = Annotated[dt.datetime, AfterValidator(check_moment)]
AnyValue = Annotated[Any, AfterValidator(check_text)]
# Ids fit the database's integer columns.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
TagName = Annotated[Text, Field(min_length=1, max_length=100)]

# Every Admin API operation may answer these (400: a body that is not JSON).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
ERRORS_WITH_404 = {**ERRORS, 404: ErrorOut}


class Block(Schema):
    type: Text = Field(description='A body block type: "paragraph", "heading", "image"…')
    value: AnyValue = Field(
        None,
        description='Paragraph: an HTML string. Heading: {"text", "level": "h2"|"h3"}. '
        'Image: {"image": <id>, "caption", "credit"}. Pull quote: {"quote", "attribution"}.',
    )


class ArticleFields(Schema):
    standfirst: Text | None = Field(None, max_length=400)
    section: Id | Text | None = Field(None, description="A section's id or slug.")
    kind: Kind | None = None
    authors: list[Id | Text] | None = Field(
        None, description="Author pages' ids or slugs, in byline order."
    )
    tags: list[TagName] | None = Field(None, description="Topic tag names.")
    body_html: Text | None = Field(
        None, description="The body as HTML, sanitised and split into blocks. Or give `body`."
    )
    body: list[Block] | None = Field(None, description="The body as blocks. Or give `body_html`.")
    lead_image: Id | None = Field(None, description="The id of an uploaded image.")
    lead_image_url: Text | None = Field(
        None, description="An http(s) URL of an image to fetch and use as the lead image."
    )
    publish: bool = Field(False, description="Publish now.")


class ArticleIn(ArticleFields):
    headline: Text = Field(min_length=1, max_length=255)
    section: Id | Text = Field(description="A section's id or slug.")
    go_live_at: Moment | None = Field(
        None, description="Schedule publication at this (future) time instead."
    )


class ArticlePatch(ArticleFields):
    headline: Text | None = Field(None, min_length=1, max_length=255)


class ScheduleIn(Schema):
    go_live_at: Moment


class Ref(Schema):
    id: int
    slug: str
    title: str


class ArticleOut(Schema):
    id: int
    headline: str
    slug: str
    standfirst: str
    kind: str
    section: Ref | None
    authors: list[Ref]
    tags: list[str]
    body: list[dict[str, Any]]
    lead_image: int | None
    status: Status
    live: bool
    has_unpublished_changes: bool
    go_live_at: dt.datetime | None
    published_at: dt.datetime | None
    url: str | None = Field(description="The public URL while the article is live.")
    revision_id: int | None


class ImageIn(Schema):
    title: Text = Field("", max_length=255)
    alt_text: Text = Field("", max_length=255, description="Describe the picture.")
    caption: Text = Field("", max_length=500)
    credit: Text = Field("", max_length=255)
    url: Text = Field("", description="An http(s) URL to fetch instead of uploading a file.")


class ImageOut(Schema):
    id: int
    title: str
    alt_text: str
    caption: str
    credit: str
    width: int
    height: int
    file_size: int | None
    url: str


class FeedItemFields(Schema):
    body: Text | None = Field(None, description="Short HTML text.")
    published_at: Moment | None = None
    image: Id | None = Field(None, description="The id of an uploaded image.")
    image_credit: Text | None = Field(None, max_length=200)
    article: Id | None = Field(None, description="The id of the full article, if any.")
    tags: list[TagName] | None = None
    breaking: bool | None = None
    pinned: bool | None = None


class FeedItemIn(FeedItemFields):
    headline: Text = Field(min_length=1)


class FeedItemPatch(FeedItemFields):
    headline: Text | None = Field(None, min_length=1)


class FeedItemOut(Schema):
    id: int
    headline: str
    body: str
    published_at: dt.datetime
    updated_at: dt.datetime | None
    image: int | None
    image_credit: str
    article: int | None
    tags: list[str]
    breaking: bool
    pinned: bool
