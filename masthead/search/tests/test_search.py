"""The search page answers every query with a page, never an error."""

import pytest

from masthead.core.tests.html import soup, text

pytestmark = pytest.mark.django_db


def test_empty_search_shows_the_form(client, newsroom):
    response = client.get("/search/")

    assert response.status_code == 200
    assert soup(response).find("main").find("input", attrs={"name": "q"}) is not None


def test_search_finds_articles_by_headline(client, newsroom):
    wanted = newsroom.articles[0]

    response = client.get("/search/", {"q": "War"})

    assert response.status_code == 200
    found = [a["href"] for a in soup(response).find("main").select("a.card__link")]
    assert wanted.url in found
    assert all(url.startswith("/war/") for url in found)


def test_search_with_no_results_says_so(client, newsroom):
    response = client.get("/search/", {"q": "zeppelin"})

    assert response.status_code == 200
    assert soup(response).find("main").select("a.card__link") == []
    assert "zeppelin" in text(soup(response).find("main"))


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"(('},
        {"q": "*"},
        {"q": "AND OR NOT"},
        {"q": "' OR 1=1 --"},
        {"q": "<script>alert(1)</script>"},
        {"q": "x" * 5000},
        {"q": "river " * 400},
        {"q": "war", "page": "x"},
        {"q": "war", "page": "999"},
        {"q": "war", "page": "-3"},
        {"q": "\u0000"},
        {"q": "'"},
        {"q": "&&&"},
        {"q": "OR OR"},
        {"q": "war" * 3400},
        {"q": "a" * 10_000},
        {"q": '"unclosed phrase'},
        {"q": "-war -"},
        {"q": "NEAR(war peace)"},
        {"q": "war:*"},
        {"q": "\\"},
        {"q": "war", "section": "x", "author": "y", "date_from": "z", "date_to": "0"},
        {"q": "кордон ☃ 🚀"},
        {"page": "2"},
    ],
    ids=lambda p: repr(p)[:40],
)
def test_odd_input_gets_a_page_not_an_error(client, newsroom, params):
    response = client.get("/search/", params)

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_the_query_is_echoed_escaped(client, newsroom):
    response = client.get("/search/", {"q": "<b>river</b>"})

    assert b"<b>river</b>" not in response.content
    assert soup(response).find("main").find("input", attrs={"name": "q"})["value"] == "<b>river</b>"


@pytest.mark.parametrize(
    ("query", "words", "phrases"),
    [
        ("war", ("war",), ()),
        ("  War   river ", ("War", "river"), ()),
        ('"river port" storm', ("storm",), (("river", "port"),)),
        ('"storm"', ("storm",), ()),
        ("' OR 1=1 --", ("OR", "1"), ()),
        ("&&& !!", (), ()),
        ("кордон ☃ 🚀", ("кордон",), ()),
        (" ".join(["w"] * 50), ("w",), ()),
    ],
)
def test_parse_keeps_words_and_phrases_only(query, words, phrases):
    from masthead.search import queries

    terms = queries.parse(queries.clean_query(query))

    assert terms.words == words
    assert terms.phrases == phrases


def test_parse_bounds_the_number_and_length_of_terms():
    from masthead.search import queries

    terms = queries.parse(" ".join(f"word{i}" for i in range(40)) + " " + "x" * 500)

    assert len(terms.words) == queries.MAX_TERMS
    assert all(len(word) <= queries.MAX_TERM_LENGTH for word in terms.words)


def test_boosts_become_the_weights_the_postgres_ranking_expects():
    """Headline (boost 2), standfirst/bylines/tags (1.5) and body (none) land on the
    tsvector labels that queries.PG_WEIGHTS weighs 1.0, 0.4 and 0.1."""
    from modelsearch.backends.database.postgres.weights import determine_boosts_weights, get_boosts

    labels = dict(determine_boosts_weights(get_boosts()))
    assert labels[2] in "AB" and labels[1.5] == "C"
    assert min(get_boosts()) >= 1.5  # nothing below the standfirst: the body stays on D
