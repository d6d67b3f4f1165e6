"""Keep the search table and cached search pages true to what is published.

A renamed author's articles are indexed again (tasks.py), so the new name finds them;
PostgreSQL's trigger then writes their search entries. Publishing, unpublishing and
moving change what an article's entry holds (whether it exists, its section, its bylines)
without necessarily touching its index entry first: they write it here, in the same
transaction.

The page cache keeps one version per path, so purging /search/ makes every cached
search (every ?q=… and filter) unreachable at once. A CDN purges only the bare URL;
its copies of search pages last at most CACHE_CONTROL_S_MAXAGE (see CONTEXT.md).
"""

from django.db import transaction
from django.db.models.signals import pre_save
from django.urls import reverse
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.articles.models import ArticlePage, AuthorPage
from masthead.core import pagecache

from . import services


def purge_search_pages(**kwargs):
    transaction.on_commit(lambda: pagecache.purge([reverse("search")]))


def on_article_changed(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        services.do_refresh_search_entries([instance.pk])
        purge_search_pages()


def after_move(sender, instance, **kwargs):
    # Connected after the articles app's own handler (INSTALLED_APPS order), which has
    # set the article's new section by now.
    if isinstance(sender, type) and issubclass(sender, ArticlePage):
        services.do_refresh_search_entries([instance.pk])
        purge_search_pages()


def before_author_save(sender, instance, update_fields=None, **kwargs):
    # The row keeps the live title until a publish saves the new one (a draft saves only
    # revision fields), so this is the name the index holds.
    if instance.pk and (update_fields is None or "title" in update_fields):
        stored = AuthorPage.objects.filter(pk=instance.pk).values_list("title", flat=True)
        instance._title_before_save = stored.first()


def on_author_published(sender, instance, **kwargs):
    """Articles carry their authors' names in the index: a rename re-indexes them."""
    before = getattr(instance, "_title_before_save", None)
    if before is None or before == instance.title:
        return
    from .tasks import reindex_author_articles_task

    author_id = instance.pk
    transaction.on_commit(lambda: reindex_author_articles_task.enqueue(author_id))
    purge_search_pages()


def connect():
    pre_save.connect(before_author_save, sender=AuthorPage, dispatch_uid="search-author-title")
    page_published.connect(
        on_author_published, sender=AuthorPage, dispatch_uid="search-author-renamed"
    )
    for signal in (page_published, page_unpublished):
        signal.connect(on_article_changed, dispatch_uid=f"search-purge-{id(signal)}")
    post_page_move.connect(after_move, dispatch_uid="search-article-moved")
