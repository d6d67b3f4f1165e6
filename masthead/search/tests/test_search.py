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
        {"q": "кордон ☃ 🚀"},
        {"page": "2"},
    ],
    ids=lambda p: repr(p)[:40],
)
def test_odd_input_gets_a_page_not_an_error(client, newsroom, params):
    response = client.get("/search/", params)

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
