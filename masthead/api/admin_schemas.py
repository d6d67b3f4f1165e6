"""Request and response bodies of the Admin API."""

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from masthead.articles.models import ArticlePage

from .errors import ErrorOut, ValidationErrorOut

Kind = Literal[tuple(ArticlePage.Kind.values)]
Status = Literal["live", "draft", "scheduled"]

# Every Admin API operation may answer these (400: a body that is not JSON).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
ERRORS_WITH_404 = {**ERRORS, 404: ErrorOut}


class Block(Schema):
    type: str = Field(description='A body block type: "paragraph", "heading", "image"…')
    value: Any = Field(
        None,
        description='Paragraph: an HTML string. Heading: {"text", "level": "h2"|"h3"}. '
        'Image: {"image": <id>, "caption", "credit"}. Pull quote: {"quote", "attribution"}.',
    )


class ArticleFields(Schema):
    standfirst: str | None = Field(None, max_length=400)
    section: int | str | None = Field(None, description="A section's id or slug.")
    kind: Kind | None = None
    authors: list[int | str] | None = Field(
        None, description="Author pages' ids or slugs, in byline order."
    )
    tags: list[str] | None = Field(None, description="Topic tag names.")
    body_html: str | None = Field(
        None, description="The body as HTML, sanitised and split into blocks. Or give `body`."
    )
    body: list[Block] | None = Field(None, description="The body as blocks. Or give `body_html`.")
    lead_image: int | None = Field(None, description="The id of an uploaded image.")
    lead_image_url: str | None = Field(
        None, description="An http(s) URL of an image to fetch and use as the lead image."
    )
    publish: bool = Field(False, description="Publish now.")


class ArticleIn(ArticleFields):
    headline: str = Field(min_length=1, max_length=255)
    section: int | str = Field(description="A section's id or slug.")
    go_live_at: datetime | None = Field(
        None, description="Schedule publication at this (future) time instead."
    )


class ArticlePatch(ArticleFields):
    headline: str | None = Field(None, min_length=1, max_length=255)


class ScheduleIn(Schema):
    go_live_at: datetime


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
    go_live_at: datetime | None
    published_at: datetime | None
    url: str | None = Field(description="The public URL while the article is live.")
    revision_id: int | None


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
    body: str | None = Field(None, description="Short HTML text.")
    published_at: datetime | None = None
    image: int | None = Field(None, description="The id of an uploaded image.")
    image_credit: str | None = Field(None, max_length=200)
    article: int | None = Field(None, description="The id of the full article, if any.")
    tags: list[str] | None = None
    breaking: bool | None = None
    pinned: bool | None = None


class FeedItemIn(FeedItemFields):
    headline: str = Field(min_length=1)


class FeedItemPatch(FeedItemFields):
    headline: str | None = Field(None, min_length=1)


class FeedItemOut(Schema):
    id: int
    headline: str
    body: str
    published_at: datetime
    updated_at: datetime | None
    image: int | None
    image_credit: str
    article: int | None
    tags: list[str]
    breaking: bool
    pinned: bool
