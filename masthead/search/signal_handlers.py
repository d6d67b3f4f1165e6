"""Keep the search table and cached search pages true to what is published.

Listens to articles' events (masthead/articles/events.py), sent once per change after
the commit, when articles has already synced a moved article's section:
`article_published`, `article_updated`, `article_unpublished`, `article_moved` and
`article_deleted` write the article's entry (whether it exists, its section, its
bylines); `author_updated` with a new name re-indexes the author's articles (tasks.py),
so the new name finds them. PostgreSQL's trigger then writes their search entries.

The page cache keeps one version per path, so purging /search/ makes every cached
search (every ?q=… and filter) unreachable at once. A CDN purges only the bare URL;
its copies of search pages last at most CACHE_CONTROL_S_MAXAGE (see CONTEXT.md).
"""

from django.urls import reverse

from masthead.articles import events
from masthead.core import pagecache
from masthead.core.tasks import enqueue_on_commit

from . import services


def purge_search_pages():
    pagecache.purge([reverse("search")])


def on_article_changed(sender, article_id, **kwargs):
    services.do_refresh_search_entries([article_id])
    purge_search_pages()


def on_author_updated(sender, author_id, title_before=None, title_after=None, **kwargs):
    """Articles carry their authors' names in the index: a rename re-indexes them."""
    if title_before is None or title_before == title_after:
        return
    from .tasks import reindex_author_articles_task

    enqueue_on_commit(reindex_author_articles_task, author_id)
    purge_search_pages()


def connect():
    for name, signal in events.ARTICLE_EVENTS.items():
        signal.connect(on_article_changed, dispatch_uid=f"search-article-{name}")
    events.author_updated.connect(on_author_updated, dispatch_uid="search-author-renamed")
