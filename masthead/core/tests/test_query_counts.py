"""The number of SQL queries of each main reading page is fixed: it does not grow
with the archive or with the number of articles a page lists.

Measured the same way on SQLite and PostgreSQL: an anonymous request with a fresh
test Client after two warm-up requests (renditions exist, Wagtail's site root paths
are in the cache, the settings rows exist), first with 10 articles, then with 200. Each
page is counted twice: right after a purge, when every cached fragment is gone
(core/fragments.py: the render reads everything from the database), and on the next
request, which reuses the fragments. To re-measure after an intended change, run

    .venv/bin/pytest masthead/core/tests/test_query_counts.py -q -s

which prints the counts and, on failure, the queries.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.articles.tests.factories import (
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
    bulk_articles,
    make_articles,
)
from masthead.core import fragments
from masthead.core.tests.fixtures import module_data
from masthead.images.tests.factories import ImageFactory
from masthead.pages.tests.factories import make_home, set_editors_picks

pytestmark = pytest.mark.django_db

# Pinned by the command above (identical on SQLite and PostgreSQL).
# Each page's newsletter signup widgets read the active lists once (newsletters.widgets).
# The membership slots read the campaigns to show and the supporter total once each
# (members/campaigns.py).
AFTER_PURGE = {
    "home": 30,
    "section": 17,
    # The article and its section are found in one query by slug (pages.HomePage.route);
    # view restrictions come from one cached list (two queries when it is rebuilt), which
    # listings share (articles.queries.published); the head's structured data needs the
    # lead image in three aspect ratios and the author links. Its foot (related list,
    # opinion teaser, editors' picks) is one card query and its two prefetches
    # (articles.queries.article_foot). Its comments: the comment settings and the
    # article's discussion row (no comments: no page of them; comments/queries.py).
    "article": 25,
    "author": 23,
}
# With the fragments cached, none: the site, the routed page, the lists, the counts and
# the news feed's widgets come from the cache (core/fragments.py).
WARM = {
    "home": 0,
    "section": 0,
    "article": 0,
    "author": 0,
}


def count_queries(url):
    """(queries right after a purge, queries on the next request)."""
    Client().get(url)  # warm-up: renditions, cached site root paths, settings rows
    Client().get(url)  # (creating a settings row purges everything once)
    fragments.bump()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(url)
        assert response.status_code == 200, url
        counts.append([query["sql"] for query in captured.captured_queries])
    return counts


def measure():
    """Counts for each page with 10 articles and again with 200."""
    home = make_home()
    sections = [
        SectionPageFactory(parent=home, title=title, slug=title.lower())
        for title in ("War", "Analysis", "National")
    ]
    index = AuthorsIndexPageFactory(parent=home)
    writer, photographer = AuthorPageFactory(parent=index), AuthorPageFactory(parent=index)
    start = timezone.now() - datetime.timedelta(days=100)

    first = []
    for i, section in enumerate(sections):
        first += make_articles(
            4 if i == 0 else 3,
            section,
            authors=[writer, photographer],
            tags=["Energy", "Kharkiv"],
            start=start + datetime.timedelta(hours=i),
        )
    set_editors_picks(home.get_site(), first[:4])
    urls = {
        "home": "/",
        "section": sections[0].url,
        "article": first[0].url,
        "author": writer.url,
    }
    at_10 = {name: count_queries(url) for name, url in urls.items()}
    # 190 more, each with its own photo, inserted in bulk (see bulk_articles)
    bulk_articles(
        190,
        sections,
        [writer, photographer],
        images=[ImageFactory() for _ in range(190)],
        tags=["Energy", "Kharkiv"],
        start=start + datetime.timedelta(days=50),
        byline_length=2,
    )
    at_200 = {name: count_queries(url) for name, url in urls.items()}
    for name in urls:
        for index, state in enumerate(("after a purge", "warm")):
            print(
                f"{name} {state}: {len(at_10[name][index])} queries with 10 articles, "
                f"{len(at_200[name][index])} with 200"
            )
    after = measure_changes(home, sections, first, writer)
    for name, queries in after.items():
        print(f"{name}: {len(queries)} queries")
    return at_10, at_200, after


def queries_after(url, change):
    """The queries of the first render of warm `url` after `change()`."""
    Client().get(url)
    Client().get(url)
    change()
    with CaptureQueriesContext(connection) as captured:
        assert Client().get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def measure_changes(home, sections, first, writer):
    """Invalidation by what changed (core/fragments.py tags): the queries of a warm page's
    next render after a news-feed post, and after an edit of another article."""
    from masthead.livefeed.tests.factories import make_live_page, post

    make_live_page(home)  # a new page in the navigation tree purges everything once
    (loner,) = make_articles(1, sections[2], authors=[writer], start=timezone.now())
    edited = first[0]

    def edit():
        edited.title = "The dam holds after a week of rain"
        edited.save_revision().publish()

    return {
        "article after a news-feed post": queries_after(loner.url, lambda: post("Water is back")),
        "home after a news-feed post": queries_after("/", lambda: post("Trams run again")),
        "another article after an article edit": queries_after(loner.url, edit),
        "the edited article after its edit": queries_after(edited.url, edit),
    }


measurements = module_data(measure)


@pytest.mark.parametrize("state", ["after purge", "warm"])
@pytest.mark.parametrize("page", list(WARM))
def test_query_count_is_pinned_and_flat(measurements, page, state):
    index = 0 if state == "after purge" else 1
    at_10, at_200 = (counts[page][index] for counts in measurements[:2])
    listing = "\n".join(f"  {sql}" for sql in at_200)
    expected = (AFTER_PURGE if state == "after purge" else WARM)[page]

    assert len(at_10) == len(at_200), f"grows with the archive:\n{listing}"
    assert len(at_200) == expected, f"{page} ({state}) now runs:\n{listing}"


# A change bumps only its own fragment tags (core/fragments.py). After a news-feed post a
# warm page re-reads only the news feed's own rows (livefeed/widgets.py: its cursor, the
# feed page and its latest items for the widget, and on an article the breakouts for the
# origin note); after an article edit, another article's page (in another section, with
# no topic in common) stays entirely warm.
AFTER_CHANGE = {
    "article after a news-feed post": 8,
    "home after a news-feed post": 5,
    "another article after an article edit": 0,
}
# The tables the news feed's widgets read first (FROM): its changes and items, their topic
# tags, the feed page and its view restrictions. Nothing the page itself reads (its
# route, site, settings, navigation, articles' lists, narration) runs again.
FEED_TABLES = {
    "livefeed_feedchange",
    "livefeed_feeditem",
    "livefeed_livefeedpage",
    "taggit_tag",
    "wagtailcore_page",
    "wagtailcore_pageviewrestriction",
}


@pytest.mark.parametrize("change", list(AFTER_CHANGE))
def test_a_change_reaches_only_its_own_fragments(measurements, change):
    queries = measurements[2][change]
    listing = "\n".join(f"  {sql}" for sql in queries)
    assert len(queries) == AFTER_CHANGE[change], f"{change} now runs:\n{listing}"
    if "news-feed" in change:
        assert queries[0].startswith('SELECT "livefeed_feedchange"'), listing  # the cursor
        tables = {re.search(r'FROM "([a-z_]+)"', sql).group(1) for sql in queries}
        assert tables <= FEED_TABLES, listing


def test_the_edited_article_is_rendered_again(measurements):
    queries = measurements[2]["the edited article after its edit"]
    assert len(queries) > 5  # its own fragments were bumped
