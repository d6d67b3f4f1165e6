"""What search finds and in which order, on SQLite (FTS5) and PostgreSQL alike."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText
from wagtail.search import index as search_index

from masthead.articles.tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
)
from masthead.core.tests.fixtures import module_data
from masthead.core.tests.html import soup
from masthead.pages.tests.factories import make_home
from masthead.search import queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def body(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def build():
    """Two sections, two authors and articles whose words we chose."""
    now = timezone.now()
    home = make_home()
    war = SectionPageFactory(parent=home, title="War", slug="war")
    business = SectionPageFactory(parent=home, title="Business", slug="business")
    index = AuthorsIndexPageFactory(parent=home)
    quince = AuthorPageFactory(parent=index, title="Bartholomew Quince", slug="quince")
    ash = AuthorPageFactory(parent=index, title="Dora Ashgrove", slug="ash")

    def article(section, title, text="The council met again.", author=ash, days=10, **kw):
        page = ArticlePageFactory(
            parent=section,
            title=title,
            standfirst=kw.pop("standfirst", "A short summary."),
            body=body(text),
            authors=[author],
            published_at=now - days * DAY,
            lead_image=None,
            **kw,
        )
        # The factory saves bylines after the page, and the test task backend indexes the
        # page at once, on save: index it again as a publish would.
        search_index.insert_or_update_object(page)
        return page

    made = SimpleNamespace(now=now, war=war, business=business, quince=quince, ash=ash)
    made.headline = article(war, "Zanzibar ferry returns to service", days=60)
    made.in_body = article(war, "Harbour news", "A boat bound for zanzibar left late.", days=1)
    made.older_twin = article(business, "Quokka census counts more", days=200)
    made.newer_twin = article(business, "Quokka census counts more", days=20)
    made.body_only = article(war, "Quiet night", "Guards heard a xylophonic clatter at dawn.")
    made.by_quince = article(business, "Market day", author=quince, days=5)
    made.tagged = article(war, "Grid repairs", tags=["Heliotrope"], days=3)
    made.marmalade = [
        article(business if i % 2 else war, f"Marmalade report {i}", days=30 + i, author=quince)
        for i in range(25)
    ]
    return made


data = module_data(build)


def ids(found):
    return found.ids


def test_a_headline_match_beats_a_body_match_even_when_older(data):
    found = queries.search_articles("zanzibar")

    assert ids(found)[:2] == [data.headline.pk, data.in_body.pk]


def test_between_equally_relevant_articles_the_newer_comes_first(data):
    found = queries.search_articles("quokka census")

    assert ids(found) == [data.newer_twin.pk, data.older_twin.pk]


def test_a_word_only_in_the_body_is_found(data):
    assert ids(queries.search_articles("xylophonic")) == [data.body_only.pk]


def test_authors_are_searchable(data):
    found = ids(queries.search_articles("Quince"))

    assert data.by_quince.pk in found
    assert set(found) >= {a.pk for a in data.marmalade}


def test_tags_are_searchable(data):
    assert ids(queries.search_articles("heliotrope")) == [data.tagged.pk]


def test_a_quoted_phrase_must_appear_in_order(data):
    assert ids(queries.search_articles('"ferry returns"')) == [data.headline.pk]
    assert ids(queries.search_articles('"returns ferry"')) == []


def test_every_word_must_match(data):
    assert ids(queries.search_articles("zanzibar xylophonic")) == []


def test_section_filter(data):
    found = ids(queries.search_articles("marmalade", section=data.war))

    assert found and all(a.section_id == data.war.pk for a in data.marmalade if a.pk in found)
    assert len(found) == 13


def test_author_filter(data):
    assert ids(queries.search_articles("zanzibar", author=data.quince)) == []
    assert ids(queries.search_articles("market", author=data.quince)) == [data.by_quince.pk]


def test_date_filters(data):
    today = data.now.date()
    found = queries.search_articles(
        "marmalade", date_from=today - 40 * DAY, date_to=today - 35 * DAY
    )

    expected = [a.pk for a in data.marmalade if 35 <= (today - a.published_at.date()).days <= 40]
    assert sorted(found.ids) == sorted(expected) and len(expected) == 6


def test_unpublished_articles_are_not_found(data):
    data.body_only.unpublish()

    assert ids(queries.search_articles("xylophonic")) == []


def test_a_query_of_only_ignored_characters_finds_nothing(data):
    for query in ["", "   ", "&&&", "'", "!!! ???", "🚀"]:
        assert queries.search_articles(query).ids == []


def test_the_count_is_exact_and_the_list_in_order(data):
    found = queries.search_articles("marmalade")

    assert found.total == 25 and not found.capped
    newest_first = [a.pk for a in sorted(data.marmalade, key=lambda a: a.published_at)][::-1]
    assert found.ids == newest_first


def test_pagination_keeps_the_query_and_filters(client, data):
    response = client.get("/search/", {"q": "marmalade", "author": data.quince.pk})
    page = soup(response)

    assert len(page.select("main a.card__link")) == 20
    next_link = page.select_one('nav.pagination a[rel="next"]')["href"]
    assert "q=marmalade" in next_link and f"author={data.quince.pk}" in next_link
    assert "page=2" in next_link
    second = soup(client.get(next_link))
    assert len(second.select("main a.card__link")) == 5


def test_results_show_section_standfirst_date_and_byline(client, data):
    response = client.get("/search/", {"q": "zanzibar"})
    card = soup(response).select_one("main .search-results article")

    assert card.select_one(".kicker__section").get_text() == "War"
    assert card.select_one(".card__standfirst").get_text() == "A short summary."
    assert card.select_one("time")["datetime"]
    assert "Dora Ashgrove" in card.select_one(".byline").get_text()
    summary = soup(response).select_one(".search-summary").get_text()
    assert "2 results" in summary


def test_filters_without_a_query_list_the_newest(client, data):
    response = client.get("/search/", {"author": data.quince.pk, "section": data.war.pk})

    links = [a["href"] for a in soup(response).select("main a.card__link")]
    expected = [a for a in data.marmalade if a.section_id == data.war.pk]
    expected.sort(key=lambda a: a.published_at, reverse=True)
    assert links == [a.url for a in expected[:20]]


def test_nothing_found_offers_suggestions(client, data):
    response = client.get("/search/", {"q": "zanzibar", "section": data.business.pk})
    page = soup(response)

    assert page.select("main a.card__link") == []
    tips = page.select_one(".search-empty__tips")
    assert tips.select_one('a[href="/search/?q=zanzibar"]') is not None
    assert tips.select_one('a[href="/war/"]') is not None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "war", "date_from": "2024-13-45"}, "date_from"),
        ({"q": "war", "date_to": "yesterday"}, "date_to"),
        ({"q": "war", "date_from": "2025-05-02", "date_to": "2025-05-01"}, "date_to"),
        ({"q": "war", "section": "999999"}, "section"),
        ({"q": "war", "section": "war"}, "section"),
        ({"q": "war", "author": "-1"}, "author"),
    ],
)
def test_a_bad_filter_is_an_error_beside_its_field(client, data, params, field):
    response = client.get("/search/", params)

    assert response.status_code == 200
    page = soup(response)
    error = page.select_one(f"#id_{field}_error")
    assert error is not None and error.get_text().strip()
    assert page.select_one(f"#id_{field}")["aria-invalid"] == "true"


def test_the_page_is_not_for_search_engines(client, data):
    response = client.get("/search/", {"q": "zanzibar"})

    assert soup(response).find("meta", attrs={"name": "robots"})["content"].startswith("noindex")


def test_the_search_page_reads_as_many_queries_for_twenty_results_as_for_two(client, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for query in ["zanzibar", "marmalade", "zanzibar", "marmalade"]:  # once to warm caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": query})
        counts[query] = len(captured.captured_queries)
    assert len(soup(response).select("main a.card__link")) == 20
    assert counts["zanzibar"] == counts["marmalade"] <= 24


def test_renaming_an_author_makes_the_new_name_searchable(data, django_capture_on_commit_callbacks):
    author = data.quince
    author.title = "Bartholomew Quill"
    with django_capture_on_commit_callbacks(execute=True):
        author.save_revision().publish()

    found = queries.search_articles("quill")
    assert data.by_quince.pk in found.ids and len(found.ids) == 26
    assert queries.search_articles("quince").ids == []


def test_publishing_an_article_purges_every_cached_search(data, django_capture_on_commit_callbacks):
    from masthead.core import pagecache

    key = pagecache._path_version_key("/search/")
    before = pagecache._cache().get(key)
    data.headline.title = "Zanzibar ferry returns to service at last"
    with django_capture_on_commit_callbacks(execute=True):
        data.headline.save_revision().publish()

    assert pagecache._cache().get(key) != before


@pytest.mark.parametrize(
    ("walk_share", "walk_limit"),
    [(0, 10**6), (0, 1), (2, 10**6)],
    ids=["walk newest", "walk, then gin index", "gin index"],
)
def test_both_ways_of_finding_matches_agree(data, monkeypatch, walk_share, walk_limit):
    """On PostgreSQL the newest articles are read for matches first (for a common word),
    and the GIN index asked when they hold too few (or at once, for a rare word)."""
    monkeypatch.setattr(queries, "WALK_SHARE", {"document": walk_share, "headline": walk_share})
    monkeypatch.setattr(queries, "WALK_LIMIT", {"document": walk_limit, "headline": walk_limit})
    monkeypatch.setattr(queries, "PHRASE_WALK_LIMIT", walk_limit)

    assert ids(queries.search_articles("zanzibar")) == [data.headline.pk, data.in_body.pk]
    assert ids(queries.search_articles('"ferry returns"')) == [data.headline.pk]
    found = queries.search_articles("marmalade", section=data.war, author=data.quince)
    assert len(found.ids) == 13 and found.total == 13
    window = {"date_from": data.now.date() - 40 * DAY, "date_to": data.now.date() - 35 * DAY}
    assert len(queries.search_articles("marmalade", **window).ids) == 6


def test_past_the_candidates_the_page_says_more_than(client, data, monkeypatch):
    monkeypatch.setattr(queries, "CANDIDATES", 10)

    found = queries.search_articles("marmalade")
    response = client.get("/search/", {"q": "marmalade"})

    assert found.capped and len(found.ids) == 10
    newest = sorted(data.marmalade, key=lambda a: a.published_at, reverse=True)[:10]
    assert set(found.ids) == {a.pk for a in newest}
    assert "More than 10 results" in soup(response).select_one(".search-summary").get_text()
