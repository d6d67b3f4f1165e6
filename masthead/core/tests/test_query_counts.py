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
AFTER_PURGE = {
    "home": 28,
    "section": 17,
    # The article and its section are found in one query by slug (pages.HomePage.route);
    # view restrictions come from one cached list (two queries when it is rebuilt), which
    # listings share (articles.queries.published); the head's structured data needs the
    # lead image in three aspect ratios and the author links.
    "article": 23,
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
    return at_10, at_200


measurements = module_data(measure)


@pytest.mark.parametrize("state", ["after purge", "warm"])
@pytest.mark.parametrize("page", list(WARM))
def test_query_count_is_pinned_and_flat(measurements, page, state):
    index = 0 if state == "after purge" else 1
    at_10, at_200 = (counts[page][index] for counts in measurements)
    listing = "\n".join(f"  {sql}" for sql in at_200)
    expected = (AFTER_PURGE if state == "after purge" else WARM)[page]

    assert len(at_10) == len(at_200), f"grows with the archive:\n{listing}"
    assert len(at_200) == expected, f"{page} ({state}) now runs:\n{listing}"
