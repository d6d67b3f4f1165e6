"""Which cached URLs a change to a page makes stale.

An article shows on its own page, its section, its authors' and its tags' pages,
the home page, and the feeds and sitemaps that list it. Purges name exactly those.
A change to any other kind of page (a section's title, an About page in the
navigation) can show on every page, so it purges everything.
"""

import logging

from django.db import transaction
from django.urls import reverse

from masthead.core import fragments, pagecache

from .models import ArticlePage

logger = logging.getLogger(__name__)


def article_urls(article):
    """Every URL that shows `article` as it is in the database now."""
    urls = [article.get_url()]
    site = article.get_site()
    if site is not None:
        urls.append(site.root_page.get_url())
    if article.section_id:
        section = article.section
        urls.append(section.get_url())
    for link in article.article_authors.select_related("author"):
        urls.append(link.author.get_url())
    for tag in article.tags.all():
        urls.append(reverse("tag", args=[tag.slug]))
    try:
        from . import distribution
    except ImportError:
        distribution = None
    if distribution is not None and hasattr(distribution, "urls_affected_by"):
        urls.extend(distribution.urls_affected_by(article))
    return [url for url in urls if url]


def stale_urls_before_change(page):
    """The URLs to purge for `page`, read from the database before a change lands."""
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if isinstance(specific, ArticlePage):
        stored = ArticlePage.objects.filter(pk=specific.pk).first()
        return article_urls(stored) if stored is not None and stored.live else []
    return None  # not an article: everything


def purge_after_commit(urls):
    """Purge these URLs once the change is committed; None means purge everything.

    Cached fragments are dropped at once as well (this request and the tests see the
    change), and again by the purge after the commit, which also drops any copy a
    concurrent reader rendered from the database as it was before the commit."""
    fragments.bump()
    if urls is None:
        transaction.on_commit(pagecache.purge_everything)
    else:
        urls = list(urls)
        transaction.on_commit(lambda: pagecache.purge(urls))
