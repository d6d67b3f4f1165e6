"""What a reader sees on an article page, and what staff see in addition."""

import datetime

import pytest
from django.utils import timezone

from masthead.articles.tests.factories import ArticlePageFactory
from masthead.core.tests.html import soup, text
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(newsroom):
    # the first article has two authors, two tags, a lead image and ~320 words
    return newsroom.articles[0]


def test_article_shows_headline_standfirst_and_section(client, article):
    page = soup(client.get(article.url))

    assert text(page.find("h1")) == article.title
    assert article.standfirst in text(page.find("main"))
    section_link = page.find("main").find("a", href=article.section.url)
    assert section_link is not None and text(section_link) == article.section.title


def test_byline_links_each_author_in_order(client, article):
    expected = [author.title for author in article.ordered_authors]
    assert len(expected) == 2

    page = soup(client.get(article.url))

    byline = page.select_one(".article__byline")
    links = byline.find_all("a")
    assert [text(a) for a in links] == expected
    assert [a["href"] for a in links] == [a.url for a in article.ordered_authors]
    assert text(byline) == f"By {expected[0]} and {expected[1]}"


def test_publication_time_is_machine_readable(client, article):
    page = soup(client.get(article.url))

    time = page.find("main").find("time", attrs={"datetime": True})
    shown = datetime.datetime.fromisoformat(time["datetime"])
    assert abs(shown - article.published_at) < datetime.timedelta(seconds=1)
    assert str(timezone.localtime(article.published_at).year) in text(time)


def test_reading_time_is_shown(client, article):
    assert article.reading_minutes == 2

    assert "2 min read" in text(soup(client.get(article.url)).find("main"))


def test_lead_photo_has_alt_text_caption_and_credit(client, article):
    page = soup(client.get(article.url))

    figure = page.find("main").find("figure")
    img = figure.find("img")
    assert img["alt"] == article.lead_image.description
    assert img["src"]
    caption = text(figure.find("figcaption"))
    assert article.lead_image.caption in caption
    assert "Contributor/Getty Images" in caption


def test_tags_link_to_their_topic_pages(client, article):
    tags = list(article.tags.order_by("name"))
    assert len(tags) == 2

    main = soup(client.get(article.url)).find("main")

    for tag in tags:
        link = main.find("a", href=f"/topics/{tag.slug}/")
        assert link is not None and text(link) == tag.name


def test_author_boxes_and_related_articles(client, article):
    page = soup(client.get(article.url))

    boxes = page.select(".author-box")
    assert [text(box.find(["h2", "h3"])) for box in boxes] == [
        a.title for a in article.ordered_authors
    ]
    related = [a["href"] for a in page.select(".related a.card__link")]
    assert related and article.url not in related


def edit_link(response, article):
    return soup(response).find("a", href=f"/admin/pages/{article.pk}/edit/")


def test_editors_see_an_edit_link(client, article):
    client.force_login(StaffFactory(groups=[roles.EDITORS]))

    assert edit_link(client.get(article.url), article) is not None


def test_authors_who_may_edit_see_an_edit_link(client, article):
    client.force_login(StaffFactory(groups=[roles.AUTHORS]))

    assert edit_link(client.get(article.url), article) is not None


@pytest.mark.parametrize(
    "who",
    [None, "reader", "moderator"],
    ids=["anonymous", "signed-in reader", "staff who may not edit"],
)
def test_no_edit_link_for_people_who_cannot_edit(client, article, who):
    if who == "reader":
        client.force_login(UserFactory())
    elif who == "moderator":
        client.force_login(StaffFactory(groups=[roles.MODERATORS]))

    response = client.get(article.url)

    assert response.status_code == 200
    assert edit_link(response, article) is None
    assert "/admin/pages/" not in response.content.decode()


def test_anonymous_article_is_cacheable_no_csrf_token_no_cookies(client, article):
    response = client.get(article.url)

    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" not in response.content
    assert not response.cookies


@pytest.mark.parametrize(
    "path",
    [
        "/war/no-such-story/",
        "/no-such-section/",
        "/war/war-story-1/extra/",
        "/war/%E2%80%94%F0%9F%98%80/",
        "/war/" + "x" * 300 + "/",
    ],
)
def test_unknown_addresses_are_404_not_500(client, newsroom, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b"<html" in response.content


def test_a_draft_article_is_not_public(client, newsroom):
    draft = ArticlePageFactory(parent=newsroom.sections[0], live=False, slug="embargoed")

    assert client.get("/war/embargoed/").status_code == 404
    assert draft.title not in client.get(newsroom.sections[0].url).content.decode()
