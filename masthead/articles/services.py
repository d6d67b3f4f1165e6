"""Writes for the articles app that are not Wagtail's own page editing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ArticleAuthor, ArticlePage, SectionPage


@transaction.atomic
def do_sync_article_section(article, parent):
    """Keep the denormalised `section` of an article right after it moves.

    Wagtail's move saves the base page row only, so ArticlePage.save (which sets
    `section` from the parent) does not run."""
    section_id = parent.pk if parent.specific_class is SectionPage else None
    ArticlePage.objects.filter(pk=article.pk).update(section_id=section_id)
    article.section_id = section_id
    article.__dict__.pop("section", None)
    if hasattr(article, "_state") and "section" in article._state.fields_cache:
        del article._state.fields_cache["section"]


# --- Writing articles from outside the page editor (the Admin API, importers) -------------
#
# Each do_* goes through Wagtail's revision machinery as the page editor does: a revision
# per change, publish and unpublish through Wagtail's actions (which check the user's page
# permissions), so published_at stamping, purges (signal_handlers.py), narration and the
# audit log all happen exactly as from the admin. Django ValidationErrors carry field names;
# body errors carry params["loc"] (see body.clean_blocks).

ARTICLE_FIELDS = ("title", "standfirst", "kind", "lead_image", "body")


def _apply(page, fields, authors, tags):
    for name, value in fields.items():
        if name not in ARTICLE_FIELDS:
            raise TypeError(f"unknown article field {name!r}")
        setattr(page, name, value)
    if authors is not None:
        page.article_authors = [
            ArticleAuthor(author=author, sort_order=i) for i, author in enumerate(authors)
        ]
    if tags is not None:
        page.tags.set(list(tags))


def _require(allowed):
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def do_create_article(
    *, section, user, authors=(), tags=(), publish=False, go_live_at=None, **fields
):
    """Create an article in `section` as a draft revision by `user`; publish it now with
    `publish`, or schedule it with a future `go_live_at`. Returns the page."""
    _require(section.permissions_for_user(user).can_add_subpage())
    page = ArticlePage(owner=user, live=False, title=fields.pop("title"))
    _apply(page, fields, authors, tags)
    section.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if go_live_at is not None:
        return do_schedule_article(page, user=user, go_live_at=go_live_at)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


@transaction.atomic
def do_update_article(page, *, user, authors=None, tags=None, publish=False, **fields):
    """Save a new revision of `page` with `fields` changed (the live version stays as it
    is unless `publish`). Returns the latest revision as a page object."""
    _require(page.permissions_for_user(user).can_edit())
    draft = page.get_latest_revision_as_object()
    _apply(draft, fields, authors, tags)
    revision = draft.save_revision(user=user, log_action=True)
    if publish:
        _require(page.permissions_for_user(user).can_publish())
        revision.publish(user=user)
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def _latest_revision_without_schedule(page, user):
    draft = page.get_latest_revision_as_object()
    if draft.go_live_at is not None or page.latest_revision_id is None:
        draft.go_live_at = None
        return draft.save_revision(user=user, log_action=True)
    return page.latest_revision


@transaction.atomic
def do_publish_article(page, *, user):
    """Publish the latest revision now (dropping any go-live time it carried)."""
    _require(page.permissions_for_user(user).can_publish())
    _latest_revision_without_schedule(page, user).publish(user=user)
    page.refresh_from_db()
    return page


@transaction.atomic
def do_schedule_article(page, *, user, go_live_at):
    """Schedule the latest revision to go live at `go_live_at` (in the future); Wagtail's
    `publish_scheduled` command publishes it then."""
    if go_live_at <= timezone.now():
        raise ValidationError({"go_live_at": _("Choose a time in the future.")})
    _require(page.permissions_for_user(user).can_publish())
    draft = page.get_latest_revision_as_object()
    draft.go_live_at = go_live_at
    revision = draft.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


@transaction.atomic
def do_unpublish_article(page, *, user):
    """Take the article off the site; its drafts and revisions stay."""
    _require(page.permissions_for_user(user).can_unpublish())
    if page.live:
        page.unpublish(user=user)
    # A scheduled revision would put it back; unpublishing means "not on the site".
    page.revisions.filter(approved_go_live_at__isnull=False).update(approved_go_live_at=None)
    page.refresh_from_db()
    return page
