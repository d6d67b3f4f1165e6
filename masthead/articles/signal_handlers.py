"""Wagtail's raw page signals, translated into article events (events.py) in this ONE place.

Nothing else in Masthead listens to Wagtail's publish, unpublish, move or delete signals:
audio, search, webhooks and the purge listen to the events, which go out once per change,
after the commit. By then articles' own bookkeeping (the section of a moved article) is
in the database, so listeners need no order among apps.

What the page was before a change is read in one place too: `before_page_save`, for full
saves of articles and authors only (a publish saves the whole row; Wagtail's revision
bookkeeping saves a few fields, and costs nothing here). It reads the stored row once:
whether it was live, the URLs and fragment tags that showed it, and an author's stored
name. Moves read the same before Wagtail's move (`before_move`).

Fragments of the change are bumped at once too, inside the transaction, so the request
that made the change (and the tests) render it; the purge after the commit bumps them
again and purges the page cache.
"""

import threading

from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from masthead.core import fragments, pagecache
from masthead.core.models import NavigationSettings, SiteSettings

from . import events, purge, services
from .models import ArticlePage, AuthorPage, EditorsPicks, FeedSettings

# Per thread: what a move read before it happened, and which articles this transaction
# already sent `unpublished` for.
_moves = threading.local()


def _state(article):
    """(was_live, urls, tags) of `article` as the database holds it now."""
    if article is None:
        return False, [], []
    urls = purge.article_urls(article) if article.live else []
    return article.live, urls, purge.article_tags(article)


def before_page_save(sender, instance, update_fields=None, **kwargs):
    if not instance.pk or update_fields is not None:
        return
    if isinstance(instance, ArticlePage):
        instance._articles_before = _state(ArticlePage.objects.filter(pk=instance.pk).first())
    elif isinstance(instance, AuthorPage):
        stored = Page.objects.filter(pk=instance.pk).values_list("title", "live").first()
        instance._articles_before = stored


def _send_after_commit(name, **fields):
    urls = [*fields.get("urls_before", ()), *fields.get("urls_after", ())]
    fragments.bump_tags(*fields.get("tags", ()), *pagecache.path_tags(urls))
    transaction.on_commit(lambda: events.send(name, **fields))


def _snapshot(article):
    """Load what listeners may read from the in-memory article after the commit, when
    the rows may be gone (a delete): its section, authors and tags."""
    if article.section_id:
        article.section  # noqa: B018
    article.ordered_authors  # noqa: B018
    list(article.tags.all())
    return article


def on_published(sender, instance, revision=None, **kwargs):
    if isinstance(instance, AuthorPage):
        return on_author_published(instance, revision)
    if not isinstance(instance, ArticlePage):
        return purge.purge_everything_after_commit()
    getattr(_moves, "unpublished", set()).discard(instance.pk)  # public again
    before = instance.__dict__.pop("_articles_before", None)
    if before is None:  # saved some other way: Wagtail's timestamps tell
        was_live = instance.first_published_at != instance.last_published_at
        urls_before, tags_before = [], []
    else:
        was_live, urls_before, tags_before = before
    is_live = bool(instance.live)
    urls_after = purge.article_urls(instance) if is_live else []
    tags = list(dict.fromkeys([*tags_before, *purge.article_tags(instance)]))
    if not is_live:
        # Scheduled for later: nothing public changed yet (what was public stays).
        return purge.purge_after_commit(urls_before, tags)
    _send_after_commit(
        "updated" if was_live else "published",
        article_id=instance.pk,
        article=_snapshot(instance),
        was_live=was_live,
        is_live=True,
        urls_before=urls_before,
        urls_after=urls_after,
        section_id=instance.section_id,
        revision_id=getattr(revision, "pk", None),
        tags=tags,
    )


def on_author_published(instance, revision):
    before = instance.__dict__.pop("_articles_before", None)
    title_before, was_live = before if before else (None, False)
    purge.purge_everything_after_commit()  # a byline shows on many pages
    _send_after_commit(
        "author_updated",
        author_id=instance.pk,
        title_before=title_before,
        title_after=instance.title,
        was_live=bool(was_live),
        is_live=bool(instance.live),
        revision_id=getattr(revision, "pk", None),
        tags=[f"author:{instance.pk}"],
    )


def _unpublish_sent(pk):
    """Whether this transaction already sent `unpublished` for article `pk` (a live
    article's delete: Wagtail's own pre_delete handler unpublishes too, in either order)."""
    sent = getattr(_moves, "unpublished", None)
    if sent is None:
        sent = _moves.unpublished = set()
    if pk in sent:
        return True
    sent.add(pk)
    transaction.on_commit(lambda: sent.discard(pk))
    return False


def on_unpublished(sender, instance, **kwargs):
    if not isinstance(instance, ArticlePage):
        return purge.purge_everything_after_commit()
    if _unpublish_sent(instance.pk):
        return None
    return _send_unpublished(instance)


def _send_unpublished(instance):
    urls, tags = purge.article_urls(instance), purge.article_tags(instance)
    _send_after_commit(
        "unpublished",
        article_id=instance.pk,
        article=_snapshot(instance),
        was_live=True,
        is_live=False,
        urls_before=urls,
        urls_after=[],
        section_id=instance.section_id,
        tags=tags,
    )


def before_move(sender, instance, **kwargs):
    specific = instance.specific_deferred
    if not isinstance(specific, ArticlePage):
        return purge.purge_everything_after_commit()
    moves = getattr(_moves, "before", None)
    if moves is None:
        moves = _moves.before = {}
    moves[instance.pk] = _state(ArticlePage.objects.filter(pk=instance.pk).first())


def after_move(sender, instance, parent_page_after, **kwargs):
    specific = instance.specific
    if not isinstance(specific, ArticlePage):
        return None
    was_live, urls_before, tags_before = getattr(_moves, "before", {}).pop(
        instance.pk, (specific.live, [], [])
    )
    services.do_sync_article_section(specific, parent_page_after)
    urls_after = purge.article_urls(specific) if specific.live else []
    tags = list(dict.fromkeys([*tags_before, *purge.article_tags(specific)]))
    _send_after_commit(
        "moved",
        article_id=specific.pk,
        article=_snapshot(specific),
        was_live=was_live,
        is_live=bool(specific.live),
        urls_before=urls_before,
        urls_after=urls_after,
        section_id=specific.section_id,
        tags=tags,
    )
    return None


def before_delete(sender, instance, **kwargs):
    specific_class = instance.specific_class
    if specific_class is None or not issubclass(specific_class, ArticlePage):
        if instance.live:
            purge.purge_everything_after_commit()
        return
    # Loaded in full now: listeners read it after the commit, when its rows are gone.
    specific = instance.specific
    was_live, urls, tags = _state(ArticlePage.objects.filter(pk=instance.pk).first())
    if was_live and not _unpublish_sent(instance.pk):
        _send_unpublished(specific)  # first, as a live article's delete unpublishes it
    _send_after_commit(
        "deleted",
        article_id=instance.pk,
        article=_snapshot(specific),
        was_live=was_live,
        is_live=False,
        urls_before=urls,
        urls_after=[],
        section_id=specific.section_id,
        tags=tags,
    )


def on_editors_picks_saved(sender, instance, **kwargs):
    # Picks show on the home page and at the foot of every article.
    purge.purge_everything_after_commit()


def on_site_wide_setting_saved(sender, instance, **kwargs):
    purge.purge_everything_after_commit()


def connect():
    for model in (ArticlePage, AuthorPage):
        pre_save.connect(
            before_page_save, sender=model, dispatch_uid=f"articles_before_{model.__name__}"
        )
    page_published.connect(on_published, dispatch_uid="articles_purge_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="articles_purge_unpublished")
    pre_page_move.connect(before_move, dispatch_uid="articles_purge_pre_move")
    post_page_move.connect(after_move, dispatch_uid="articles_purge_post_move")
    # Deleting any page deletes its wagtailcore_page row, so this sees every page type.
    pre_delete.connect(before_delete, sender=Page, dispatch_uid="articles_purge_delete")
    post_save.connect(
        on_editors_picks_saved, sender=EditorsPicks, dispatch_uid="articles_purge_picks"
    )
    # FeedSettings changes every feed, and there is one per section, author and topic.
    for model in (NavigationSettings, SiteSettings, FeedSettings):
        post_save.connect(
            on_site_wide_setting_saved, sender=model, dispatch_uid=f"purge_{model.__name__}"
        )
    # The purge is one listener of the events among others.
    for signal in events.ARTICLE_EVENTS.values():
        signal.connect(purge.on_article_event, dispatch_uid=f"articles_purge_{id(signal)}")
