"""The number of SQL queries of each main reading page is fixed: it does not grow
with the archive or with the number of articles a page lists.

Measured the same way on SQLite and PostgreSQL: an anonymous request with a fresh
test Client after one warm-up request (renditions exist, Wagtail's site root paths
are in the cache), first with 10 articles, then with 200. To re-measure after an
intended change, run

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
from masthead.core.tests.fixtures import module_data
from masthead.images.tests.factories import ImageFactory
from masthead.pages.tests.factories import make_home, set_editors_picks

pytestmark = pytest.mark.django_db

# Pinned by the command above (identical on SQLite and PostgreSQL).
EXPECTED = {
    "home": 29,
    "section": 17,
    # +1 each for the head's structured data and social cards (articles/structured_data.py):
    # the article's lead image in three aspect ratios, the author's profile links.
    "article": 25,
    "author": 22,
}


def count_queries(url):
    Client().get(url)  # warm-up: renditions, cached site root paths
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


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
        print(f"{name}: {len(at_10[name])} queries with 10 articles, {len(at_200[name])} with 200")
    return at_10, at_200


measurements = module_data(measure)


@pytest.mark.parametrize("page", list(EXPECTED))
def test_query_count_is_pinned_and_flat(measurements, page):
    at_10, at_200 = measurements
    listing = "\n".join(f"  {sql}" for sql in at_200[page])

    assert len(at_10[page]) == len(at_200[page]), f"grows with the archive:\n{listing}"
    assert len(at_200[page]) == EXPECTED[page], f"{page} now runs:\n{listing}"
