"""The home, team and jobs pages."""

import pytest

from masthead.core.tests.html import soup, text
from masthead.pages.models import HomePage

pytestmark = pytest.mark.django_db


def newest(articles):
    return max(articles, key=lambda a: a.published_at)


def test_home_leads_with_the_newest_article(client, newsroom):
    response = client.get("/")

    assert response.status_code == 200
    lead = soup(response).select_one(".front-top__lead a.card__link")
    assert lead["href"] == newest(newsroom.articles).url


def test_home_leads_with_the_editors_chosen_article(client, newsroom):
    chosen = newsroom.articles[3]
    home = HomePage.objects.get(pk=newsroom.home.pk)
    home.lead_article = chosen
    home.save()

    lead = soup(client.get("/")).select_one(".front-top__lead a.card__link")

    assert lead["href"] == chosen.url


def test_home_has_a_row_per_section_with_its_articles(client, newsroom):
    page = soup(client.get("/"))

    rows = page.select(".section-row")
    assert [text(row.find("h2")) for row in rows] == [s.title for s in newsroom.sections]
    for row, section in zip(rows, newsroom.sections, strict=True):
        assert row.find("h2").find("a")["href"] == section.url
        links = [a["href"] for a in row.select("a.card__link")]
        assert links
        assert {a.section_id for a in newsroom.articles if a.url in links} == {section.pk}


def test_home_shows_the_editors_picks(client, newsroom):
    page = soup(client.get("/"))

    picks = page.find(id="editors-picks-heading").find_parent("section")
    assert [a["href"] for a in picks.select("a.card__link")] == [
        newsroom.articles[0].url,
        newsroom.articles[1].url,
    ]


def test_home_header_links_to_the_sections(client, newsroom):
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Sections"})

    assert [a["href"] for a in nav.find_all("a")] == [s.url for s in newsroom.sections]


def test_team_page_lists_people_by_group(client, newsroom):
    response = client.get(newsroom.team.url)

    assert response.status_code == 200
    main = soup(response).find("main")
    body = text(main)
    assert "Editors" in body and "Correspondents" in body
    assert "Editor-in-chief" in body
    assert "Petro Hnatiuk" in body and "Night editor" in body
    for author in newsroom.authors:
        assert main.find("a", href=author.url) is not None
    # a correspondent with no title on the masthead shows their author role
    assert newsroom.authors[1].role in body


def test_jobs_page_lists_open_positions_only(client, newsroom):
    response = client.get(newsroom.jobs.url)

    assert response.status_code == 200
    body = text(soup(response).find("main"))
    assert "Night news editor" in body
    assert "Data reporter" in body
    assert "Archive intern" not in body


def test_jobs_page_says_so_when_nothing_is_open(client, newsroom):
    jobs = type(newsroom.jobs).objects.get(pk=newsroom.jobs.pk)
    jobs.listings.all().delete()

    body = text(soup(client.get(jobs.url)).find("main"))

    assert jobs.no_openings_text in body
