"""Section, author and topic pages: the right articles, newest first, paginated."""

import pytest

from masthead.core.tests.html import soup, text

pytestmark = pytest.mark.django_db


def headlines(response):
    """The article headlines listed in <main>, in order."""
    return [text(a) for a in soup(response).find("main").select("a.card__link")]


def newest_first(articles):
    return [a.title for a in sorted(articles, key=lambda a: a.published_at, reverse=True)]


def test_section_lists_its_own_articles_newest_first(client, newsroom):
    war = newsroom.sections[0]
    mine = [a for a in newsroom.articles if a.section_id == war.pk]

    response = client.get(war.url)

    assert response.status_code == 200
    assert headlines(response) == newest_first(mine)
    assert text(soup(response).find("h1")) == war.title


def test_author_page_lists_the_authors_articles_newest_first(client, newsroom):
    author = newsroom.authors[1]
    theirs = [a for a in newsroom.articles if author in a.ordered_authors]
    assert len(theirs) >= 3

    response = client.get(author.url)

    assert response.status_code == 200
    page = soup(response)
    assert text(page.find("h1")) == author.title
    assert author.role in text(page.find("main"))
    assert headlines(response) == newest_first(theirs)


def test_authors_index_lists_everyone_with_a_byline(client, newsroom):
    response = client.get(newsroom.authors_index.url)

    assert response.status_code == 200
    main = soup(response).find("main")
    for author in newsroom.authors:
        assert main.find("a", href=author.url) is not None


def test_topic_page_lists_tagged_articles(client, newsroom):
    tagged = [a for a in newsroom.articles if "Kharkiv" in a.tags.names()]

    response = client.get("/topics/kharkiv/")

    assert response.status_code == 200
    assert "Kharkiv" in text(soup(response).find("h1"))
    assert headlines(response) == newest_first(tagged)


def test_unknown_topic_is_404(client, newsroom):
    assert client.get("/topics/no-such-topic/").status_code == 404


@pytest.mark.parametrize("kind", ["section", "author", "topic"])
def test_listings_are_paginated(client, newsroom, settings, kind):
    settings.ARTICLES_PER_PAGE = 2
    if kind == "section":
        url = newsroom.sections[0].url
        listed = [a for a in newsroom.articles if a.section_id == newsroom.sections[0].pk]
    elif kind == "author":
        url = newsroom.authors[1].url
        listed = [a for a in newsroom.articles if newsroom.authors[1] in a.ordered_authors]
    else:
        url = "/topics/kharkiv/"
        listed = [a for a in newsroom.articles if "Kharkiv" in a.tags.names()]
    order = newest_first(listed)
    assert len(order) > 2

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert headlines(first) == order[:2]
    assert headlines(second) == order[2:4]
    pagination = soup(first).find("nav", class_="pagination")
    assert pagination.find("a", rel="next")["href"].endswith("page=2")


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0", "1.5", "", "%00", "9" * 40])
@pytest.mark.parametrize("kind", ["section", "author", "topic", "authors-index"])
def test_odd_page_numbers_never_fail(client, newsroom, settings, kind, page):
    settings.ARTICLES_PER_PAGE = 2
    url = {
        "section": newsroom.sections[0].url,
        "author": newsroom.authors[1].url,
        "topic": "/topics/kharkiv/",
        "authors-index": newsroom.authors_index.url,
    }[kind]

    response = client.get(url, {"page": page})

    assert response.status_code == 200
    if kind != "authors-index":
        assert len(headlines(response)) >= 1
