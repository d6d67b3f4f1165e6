"""Which cached URLs and fragments a change to a page makes stale.

An article shows on its own page, its section, its authors' and its tags' pages and the
home page (articles' own routes, named here), and on whatever other apps show it: the
feeds and sitemaps (articles' distribution.py), the Content API and the podcast, which
register their URLs in `core.purges` under the kind "article". Purges name exactly
those. Its fragments are tagged `article:<id>`, `section:<id>`, `author:<id>` and `home`
(the lists on the front page and the site-wide feeds); only those are bumped.

A change to any other kind of page (a section's title, an About page in the navigation)
can show on every page, so it purges everything.

The purge listens to the article events (events.py) like every other app; the raw
Wagtail signals are translated in signal_handlers.py.
"""

import logging

from django.db import transaction
from django.urls import reverse

from masthead.core import fragments, pagecache, purges

logger = logging.getLogger(__name__)

HOME_TAG = "home"


def article_urls(article):
    """Every URL that shows `article` as it is in the database now."""
    urls = [article.get_url()]
    site = article.get_site()
    if site is not None:
        urls.append(site.root_page.get_url())
    if article.section_id:
        urls.append(article.section.get_url())
    for link in article.article_authors.select_related("author"):
        urls.append(link.author.get_url())
    for tag in article.tags.all():
        urls.append(reverse("tag", args=[tag.slug]))
    urls.extend(purges.urls_for("article", article))
    return list(dict.fromkeys(url for url in urls if url))


def article_tags(article):
    """The fragment tags a change to `article` (as it is in memory) reaches."""
    tags = [f"article:{article.pk}", HOME_TAG]
    if article.section_id:
        tags.append(f"section:{article.section_id}")
    tags += [f"author:{author.pk}" for author in article.ordered_authors]
    tags += [f"topic:{tag.pk}" for tag in article.tags.all()]
    if article.kind == article.Kind.OPINION:
        # every article's opinion teaser may now choose another piece
        tags.append("opinion")
    return tags


def on_article_event(sender, article_id, urls_before=(), urls_after=(), tags=(), **kwargs):
    """Listens to every article event: purge the URLs that showed it before and after,
    and bump its fragment tags (again: signal_handlers bumped them at once, inside the
    transaction; this drops what a reader rendered from the old rows meanwhile)."""
    fragments.bump_tags(*tags)
    pagecache.purge([*urls_before, *urls_after])


def purge_everything_after_commit():
    """A change that can show on every page: every fragment now, every page after commit."""
    fragments.bump()
    transaction.on_commit(pagecache.purge_everything)


def purge_after_commit(urls, tags=()):
    """Purge these URLs and fragment tags once the change is committed (tags at once too)."""
    urls = list(urls)
    fragments.bump_tags(*tags, *pagecache.path_tags(urls))
    tags = list(tags)

    def purge():
        fragments.bump_tags(*tags)
        pagecache.purge(urls)

    transaction.on_commit(purge)
