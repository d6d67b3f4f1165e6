"""The sitemap index, its pages, the Google News sitemap and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import Page

from masthead.articles import sitemaps
from masthead.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

NS = {"sm": sitemaps.SITEMAP_NS, "news": sitemaps.NEWS_NS}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    assert "public" in response["Cache-Control"] and response["ETag"]
    return ET.fromstring(response.content)  # noqa: S314  # nosec B314 # our own sitemap


def index(client):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{sitemaps.SITEMAP_NS}}}sitemapindex"
    return {
        node.find("sm:loc", NS).text: node.find("sm:lastmod", NS)
        for node in root.findall("sm:sitemap", NS)
    }


def locs(client, url):
    root = xml(client, url)
    assert root.tag == f"{{{sitemaps.SITEMAP_NS}}}urlset"
    return {
        node.find("sm:loc", NS).text: node.find("sm:lastmod", NS)
        for node in root.findall("sm:url", NS)
    }


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_index_lists_each_part_with_lastmod(client, newsroom):
    pages = index(client)
    parts = {path_of(url).split("/")[2].rsplit("-", 1)[0] for url in pages}
    assert parts == {"pages", "sections", "authors", "topics", "articles"}
    for url, lastmod in pages.items():
        assert url.startswith("http://")
        if "/pages-" in url or "/articles-" in url:
            # the factories make pages live without publishing them through Wagtail, so
            # they have no last_published_at (see the next test)
            continue
        assert lastmod is not None, url
        datetime.datetime.fromisoformat(lastmod.text)


def test_article_pages_lastmod_is_their_latest_publish(client, newsroom):
    article = newsroom.articles[0]
    when = timezone.now().replace(microsecond=0)
    Page.objects.filter(pk=article.pk).update(last_published_at=when)
    lastmod = index(client)[
        f"http://localhost/sitemaps/articles-{sitemaps.bucket_of(article.pk)}.xml"
    ]
    assert datetime.datetime.fromisoformat(lastmod.text) == when


def test_sitemap_pages_together_list_every_public_page(client, newsroom):
    listed = {}
    for url in index(client):
        listed.update(locs(client, path_of(url)))
    expected = [
        newsroom.home,
        *newsroom.sections,
        *newsroom.authors,
        newsroom.authors_index,
        *newsroom.articles,
    ]
    for page in expected:
        assert page.full_url in listed, page
    assert any("/topics/" in url for url in listed)
    article = newsroom.articles[0]
    assert listed[article.full_url].text == article.modified_at.astimezone(datetime.UTC).isoformat(
        timespec="seconds"
    )


def test_articles_are_split_into_pages_by_id(client, newsroom, monkeypatch):
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 2)
    ids = sorted(a.pk for a in newsroom.articles)
    pages = [path_of(url) for url in index(client) if "/articles-" in url]
    assert len(pages) == len({pk // 2 for pk in ids})
    seen = []
    for page in pages:
        number = int(page.rsplit("-", 1)[1].removesuffix(".xml"))
        urls = locs(client, page)
        assert 1 <= len(urls) <= 2
        in_page = [a for a in newsroom.articles if (number - 1) * 2 <= a.pk < number * 2]
        assert set(urls) == {a.full_url for a in in_page}
        seen += urls
    assert len(seen) == len(newsroom.articles) == len(set(seen))
    # the id range just past the last article lists nothing
    past = max(ids) // 2 + 2
    assert client.get(f"/sitemaps/articles-{past}.xml").status_code == 404


def test_unknown_sitemap_parts_are_404(client, newsroom):
    assert client.get("/sitemaps/nothing-1.xml").status_code == 404
    assert client.get("/sitemaps/articles-999999.xml").status_code == 404


def test_news_sitemap_lists_only_the_last_48_hours(client, newsroom):
    section = newsroom.sections[0]
    fresh = ArticlePageFactory(
        parent=section,
        title="Fresh <news> & more",
        slug="fresh-news",
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    ArticlePageFactory(
        parent=section,
        slug="stale-news",
        published_at=timezone.now() - datetime.timedelta(hours=49),
    )

    root = xml(client, "/news-sitemap.xml")

    urls = root.findall("sm:url", NS)
    assert [u.find("sm:loc", NS).text for u in urls] == [fresh.full_url]
    news = urls[0].find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "The Meridian Ledger"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Fresh <news> & more"
    published = datetime.datetime.fromisoformat(news.find("news:publication_date", NS).text)
    assert abs(published - fresh.published_at) < datetime.timedelta(seconds=1)


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_admin_and_search(client, newsroom):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search?" in lines and "Disallow: /search/" in lines
    sitemap_lines = [line.split(": ", 1)[1] for line in lines if line.startswith("Sitemap:")]
    assert sitemap_lines == [
        newsroom.home.full_url + "sitemap.xml",
        newsroom.home.full_url + "news-sitemap.xml",
    ]
