"""Keep cached pages true to what is published (see purge.py)."""

from django.db.models.signals import post_save, pre_delete, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from masthead.core.models import NavigationSettings, SiteSettings

from . import purge, services
from .models import ArticlePage, EditorsPicks, FeedSettings


def before_article_save(sender, instance, update_fields=None, **kwargs):
    # Revision bookkeeping saves only a few fields; a real change saves them all.
    if instance.pk and update_fields is None:
        instance._urls_before_save = purge.stale_urls_before_change(instance)


def on_published(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        urls = set(purge.article_urls(instance))
        urls.update(getattr(instance, "_urls_before_save", None) or [])
        purge.purge_after_commit(urls)
    else:
        purge.purge_after_commit(None)


def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        purge.purge_after_commit(purge.article_urls(instance))
    else:
        purge.purge_after_commit(None)


def before_move(sender, instance, **kwargs):
    purge.purge_after_commit(purge.stale_urls_before_change(instance))


def after_move(sender, instance, parent_page_after, **kwargs):
    specific = instance.specific
    if isinstance(specific, ArticlePage):
        services.do_sync_article_section(specific, parent_page_after)
        if specific.live:
            purge.purge_after_commit(purge.article_urls(specific))
    else:
        purge.purge_after_commit(None)


def before_delete(sender, instance, **kwargs):
    if instance.live:
        purge.purge_after_commit(purge.stale_urls_before_change(instance))


def on_editors_picks_saved(sender, instance, **kwargs):
    # Picks show on the home page and at the foot of every article.
    purge.purge_after_commit(None)


def on_site_wide_setting_saved(sender, instance, **kwargs):
    purge.purge_after_commit(None)


def connect():
    pre_save.connect(
        before_article_save, sender=ArticlePage, dispatch_uid="articles_purge_pre_save"
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
