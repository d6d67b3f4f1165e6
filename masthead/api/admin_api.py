"""The Admin API: writes, guarded by hashed, scoped API keys (auth.py).

Views parse and check the request, then call the apps' services (articles, images,
livefeed); create calls honour an Idempotency-Key (idempotency.py). Every error is JSON:
`{"detail": "..."}`, or for 422 a list of problems with the field's path and a message.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Router, Status, UploadedFile
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from masthead.articles import body as article_body
from masthead.articles import services as article_services
from masthead.articles.models import ArticlePage, AuthorPage, SectionPage
from masthead.images import fetch as image_fetch
from masthead.images import services as image_services
from masthead.images.models import CustomImage
from masthead.livefeed import services as feed_services
from masthead.livefeed.models import FeedItem

from . import idempotency
from .admin_schemas import (
    ERRORS,
    ERRORS_WITH_404,
    MAX_ID,
    ArticleIn,
    ArticleOut,
    ArticlePatch,
    FeedItemIn,
    FeedItemOut,
    FeedItemPatch,
    ImageIn,
    ImageOut,
    ScheduleIn,
)
from .auth import KeyAuth, WriteThrottle, require
from .models import Scope

router = Router(tags=["Admin"], throttle=[WriteThrottle()])

ARTICLES = KeyAuth(Scope.ARTICLES_WRITE)
IMAGES = KeyAuth(Scope.IMAGES_WRITE)
LIVEFEED = KeyAuth(Scope.LIVEFEED_WRITE)
UPLOAD = File(None, description="A JPEG, PNG, WebP or GIF file.")
# Ids fit the database's integer columns; larger numbers are a 422, never an overflow.
ID = Path(..., ge=1, le=MAX_ID)
# Model field names as API clients know them.
FIELD_NAMES = {"title": "headline", "slug": "headline", "description": "alt_text"}


def problem(loc, message, kind="value_error"):
    return {"loc": list(loc), "msg": str(message), "type": kind}


def invalid(*problems):
    return NinjaValidationError(list(problems))


def problems_from(exc, prefix=("body",)):
    """A Django ValidationError as 422 problems; field names become API names, and body
    block errors keep their path (params["loc"], see articles.body.clean_blocks)."""
    items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]
    problems = []
    for field, errors in items:
        for error in errors:
            for single in error.error_list if hasattr(error, "error_list") else [error]:
                loc = list(prefix)
                if field and field != "__all__":
                    loc.append(FIELD_NAMES.get(field, field))
                loc.extend((single.params or {}).get("loc", []))
                message = single.message % single.params if single.params else single.message
                problems.append(problem(loc, message, single.code or "invalid"))
    return invalid(*problems)


def call(service, *args, **kwargs):
    """Run a service; its validation errors become 422, permission errors 403."""
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as exc:
        raise problems_from(exc) from exc
    except PermissionDenied as exc:
        raise HttpError(
            403, _("The person who created this API key may not do this to the article.")
        ) from exc


# --- Parsing -------------------------------------------------------------------------------


def _by_id_or_slug(queryset, value):
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        number = int(value)
        return queryset.filter(pk=number).first() if number <= MAX_ID else None
    return queryset.filter(slug=value).first()


def resolve_section(value):
    section = _by_id_or_slug(SectionPage.objects.all(), value)
    if section is None:
        raise invalid(problem(["body", "section"], _("There is no section %(v)r.") % {"v": value}))
    return section


def resolve_authors(values):
    authors, problems = [], []
    for index, value in enumerate(values):
        author = _by_id_or_slug(AuthorPage.objects.all(), value)
        if author is None:
            problems.append(
                problem(["body", "authors", index], _("There is no author %(v)r.") % {"v": value})
            )
        elif author not in authors:
            authors.append(author)
    if problems:
        raise invalid(*problems)
    return authors


def resolve_image(image_id, field):
    image = CustomImage.objects.filter(pk=image_id).first()
    if image is None:
        raise invalid(problem(["body", field], _("There is no image %(id)s.") % {"id": image_id}))
    return image


def fetch_image(url, field):
    """The bytes and name of the image at `url`, checked, or a 422 naming `field`."""
    try:
        data, name = image_fetch.fetch(url)
        image_services.check_image_bytes(data)
    except image_fetch.FetchError as exc:
        raise invalid(problem(["body", field], exc, "fetch_failed")) from exc
    except DjangoValidationError as exc:
        raise problems_from(exc, prefix=("body", field)) from exc
    return data, name


def article_fields(payload, request, fetched=None):
    """Service keyword arguments from the fields present in `payload`."""
    data = payload.dict(exclude_unset=True)
    fields = {}
    if "headline" in data:
        fields["title"] = data["headline"]
    for name in ("standfirst", "kind"):
        if data.get(name) is not None:
            fields[name] = data[name]
    if data.get("authors") is not None:
        fields["authors"] = resolve_authors(data["authors"])
    if data.get("tags") is not None:
        fields["tags"] = [tag.strip() for tag in data["tags"] if tag.strip()]
    if data.get("body_html") is not None and data.get("body") is not None:
        raise invalid(problem(["body", "body"], _("Give either body or body_html, not both.")))
    if data.get("body_html") is not None:
        fields["body"] = article_body.blocks_from_html(data["body_html"])
    elif data.get("body") is not None:
        try:
            fields["body"] = article_body.clean_blocks(data["body"])
        except DjangoValidationError as exc:
            raise problems_from(exc, prefix=("body", "body")) from exc
    if data.get("lead_image") is not None:
        fields["lead_image"] = resolve_image(data["lead_image"], "lead_image")
    if fetched is not None:
        fields["lead_image"] = image_services.do_create_image(
            data=fetched[0],
            name=fetched[1],
            title=data.get("headline", ""),
            user=request.auth.created_by,
        )
    return fields


def fetch_lead_image(request, payload):
    url = getattr(payload, "lead_image_url", None)
    if not url:
        return None
    require(request, can_add_images)
    if payload.lead_image is not None:
        raise invalid(
            problem(["body", "lead_image_url"], _("Give either lead_image or lead_image_url."))
        )
    return fetch_image(url, "lead_image_url")


# --- Output --------------------------------------------------------------------------------


def _ref(page):
    return {"id": page.pk, "slug": page.slug, "title": page.title} if page else None


def article_status(page):
    if page.live:
        return "live"
    if page.scheduled_revision is not None:
        return "scheduled"
    return "draft"


def article_out(page):
    """The article as editors see it: its latest revision, and its status on the site."""
    page = ArticlePage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    scheduled = page.scheduled_revision
    section = page.get_parent().specific
    return ArticleOut(
        id=page.pk,
        headline=draft.title,
        slug=draft.slug,
        standfirst=draft.standfirst,
        kind=draft.kind,
        section=_ref(section) if isinstance(section, SectionPage) else None,
        authors=[_ref(link.author) for link in draft.article_authors.all() if link.author_id],
        tags=sorted(tag.name for tag in draft.tags.all()),
        body=list(draft.body.get_prep_value()),
        lead_image=draft.lead_image_id,
        status=article_status(page),
        live=page.live,
        has_unpublished_changes=page.has_unpublished_changes,
        go_live_at=scheduled.approved_go_live_at if scheduled else None,
        published_at=page.published_at,
        url=page.full_url if page.live else None,
        revision_id=page.latest_revision_id,
    ).model_dump(mode="json")


# --- Articles ------------------------------------------------------------------------------


@router.post(
    "/articles/",
    response={201: ArticleOut, **ERRORS},
    auth=ARTICLES,
    summary="Create an article (draft, published, or scheduled)",
)
def create_article(request, response: HttpResponse, payload: ArticleIn):
    """Create an article in a section as a draft; `publish: true` publishes it at once,
    `go_live_at` schedules it. Send an `Idempotency-Key` header to make retries safe."""
    section = resolve_section(payload.section)
    fetched = fetch_lead_image(request, payload)

    def create():
        fields = article_fields(payload, request, fetched)
        page = call(
            article_services.do_create_article,
            section=section,
            user=request.auth.created_by,
            publish=payload.publish,
            go_live_at=payload.go_live_at,
            **fields,
        )
        return 201, article_out(page)

    return idempotency.run(request, response, create)


def _article(article_id):
    return get_object_or_404(ArticlePage, pk=article_id)


@router.get(
    "/articles/{article_id}/",
    response={200: ArticleOut, **ERRORS_WITH_404},
    auth=ARTICLES,
    summary="Read an article's latest draft and status",
)
def get_article(request, article_id: int = ID):
    page = _article(article_id)
    require(request, lambda user: page.permissions_for_user(user).can_edit())
    return article_out(page)


@router.patch(
    "/articles/{article_id}/",
    response={200: ArticleOut, **ERRORS_WITH_404},
    auth=ARTICLES,
    summary="Change an article (a new revision; `publish: true` publishes it)",
)
def update_article(request, article_id: int = ID, *, payload: ArticlePatch):
    page = _article(article_id)
    if payload.section is not None:
        section = resolve_section(payload.section)
        if section.pk != page.get_parent().pk:
            raise invalid(
                problem(
                    ["body", "section"],
                    _("Moving an article to another section is done in the admin."),
                )
            )
    fetched = fetch_lead_image(request, payload)
    with transaction.atomic():  # a fetched lead image is kept only if the update succeeds
        fields = article_fields(payload, request, fetched)
        call(
            article_services.do_update_article,
            page,
            user=request.auth.created_by,
            publish=payload.publish,
            **fields,
        )
    return article_out(page)


def article_action(path, summary):
    """A POST on one article answering the article (publish, schedule, unpublish)."""
    return router.post(
        f"/articles/{{article_id}}/{path}/",
        response={200: ArticleOut, **ERRORS_WITH_404},
        auth=ARTICLES,
        summary=summary,
    )


def _act(request, service, article_id, **kwargs):
    page = call(service, _article(article_id), user=request.auth.created_by, **kwargs)
    return article_out(page)


@article_action("publish", "Publish an article's latest revision now")
def publish_article(request, article_id: int = ID):
    return _act(request, article_services.do_publish_article, article_id)


@article_action("schedule", "Schedule an article's latest revision to go live later")
def schedule_article(request, article_id: int = ID, *, payload: ScheduleIn):
    return _act(
        request, article_services.do_schedule_article, article_id, go_live_at=payload.go_live_at
    )


@article_action("unpublish", "Take an article off the site (and cancel a scheduled publication)")
def unpublish_article(request, article_id: int = ID):
    return _act(request, article_services.do_unpublish_article, article_id)


# --- Images --------------------------------------------------------------------------------


def can_add_images(user):
    return policy_registry.get_by_type(get_image_model()).user_has_permission(user, "add")


def image_out(image):
    return ImageOut(
        id=image.pk,
        title=image.title,
        alt_text=image.description,
        caption=image.caption,
        credit=image.credit,
        width=image.width,
        height=image.height,
        file_size=image.file_size,
        url=image.file.url,
    ).model_dump(mode="json")


@router.post(
    "/images/",
    response={201: ImageOut, **ERRORS},
    auth=IMAGES,
    summary="Upload an image (a file, or a URL fetched by the server)",
)
def create_image(
    request,
    response: HttpResponse,
    payload: Form[ImageIn],
    file: UploadedFile = UPLOAD,
):
    """Multipart upload of `file`, or a `url` the server fetches within the size, type
    and address limits. Send an `Idempotency-Key` header to make retries safe."""
    require(request, can_add_images)
    url = payload.url
    if (file is None) == (not url):
        raise invalid(problem(["body", "file"], _("Send either a file or a url.")))
    if file is not None:
        try:
            if file.size > settings.API_IMAGE_MAX_BYTES:  # before reading it into memory
                raise image_services.too_large()
            data, name = file.read(), file.name
            image_services.check_image_bytes(data)
        except DjangoValidationError as exc:
            raise problems_from(exc, prefix=("body", "file")) from exc
    else:
        data, name = fetch_image(url, "url")

    def create():
        image = call(
            image_services.do_create_image,
            data=data,
            name=name,
            title=payload.title,
            description=payload.alt_text,
            caption=payload.caption,
            credit=payload.credit,
            user=request.auth.created_by,
        )
        return 201, image_out(image)

    return idempotency.run(request, response, create)


# --- News feed items -----------------------------------------------------------------------


def feed_item_out(item):
    return FeedItemOut(
        id=item.pk,
        headline=item.headline,
        body=item.body,
        published_at=item.published_at,
        updated_at=item.updated_at,
        image=item.image_id,
        image_credit=item.image_credit,
        article=item.article_id,
        tags=sorted(tag.name for tag in item.tags.all()),
        breaking=item.breaking,
        pinned=item.pinned,
    ).model_dump(mode="json")


def feed_item_fields(payload):
    data = payload.dict(exclude_unset=True)
    fields = {name: value for name, value in data.items() if name not in ("image", "article")}
    if data.get("image") is not None:
        fields["image"] = resolve_image(data["image"], "image")
    elif "image" in data:
        fields["image"] = None
    if data.get("article") is not None:
        article = ArticlePage.objects.filter(pk=data["article"]).first()
        if article is None:
            raise invalid(
                problem(
                    ["body", "article"], _("There is no article %(id)s.") % {"id": data["article"]}
                )
            )
        fields["article"] = article
    elif "article" in data:
        fields["article"] = None
    for name in ("body", "image_credit", "tags", "breaking", "pinned", "headline"):
        if name in fields and fields[name] is None:
            del fields[name]
    return fields


@router.post(
    "/feed-items/",
    response={201: FeedItemOut, **ERRORS},
    auth=LIVEFEED,
    summary="Post a news feed item",
)
def create_feed_item(request, response: HttpResponse, payload: FeedItemIn):
    """Post a short, timestamped update to the news feed at once. Send an
    `Idempotency-Key` header to make retries safe."""
    require(request, "livefeed.add_feeditem")

    def create():
        item = call(
            feed_services.do_post_item,
            posted_by=request.auth.created_by,
            **feed_item_fields(payload),
        )
        return 201, feed_item_out(item)

    return idempotency.run(request, response, create)


@router.patch(
    "/feed-items/{item_id}/",
    response={200: FeedItemOut, **ERRORS_WITH_404},
    auth=LIVEFEED,
    summary="Correct a news feed item",
)
def update_feed_item(request, item_id: int = ID, *, payload: FeedItemPatch):
    require(request, "livefeed.change_feeditem")
    item = get_object_or_404(FeedItem, pk=item_id)
    item = call(
        feed_services.do_update_item, item, by=request.auth.created_by, **feed_item_fields(payload)
    )
    return feed_item_out(item)


@router.delete(
    "/feed-items/{item_id}/",
    response={204: None, **ERRORS_WITH_404},
    auth=LIVEFEED,
    summary="Delete a news feed item",
)
def delete_feed_item(request, item_id: int = ID):
    require(request, "livefeed.delete_feeditem")
    item = get_object_or_404(FeedItem, pk=item_id)
    call(feed_services.do_delete_item, item, by=request.auth.created_by)
    return Status(204, None)
