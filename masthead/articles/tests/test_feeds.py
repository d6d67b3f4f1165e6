"""RSS, Atom and JSON feeds of the site, a section, an author and a topic."""

import datetime
import json

import feedparser
import pytest
from django.urls import reverse

from masthead.articles.distribution import urls_affected_by
from masthead.articles.models import FeedSettings

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]


def scopes(newsroom):
    article = newsroom.articles[0]
    return {
        "site": ("feed", {}),
        "section": ("section_feed", {"slug": newsroom.sections[0].slug}),
        "author": ("author_feed", {"slug": newsroom.authors[0].slug}),
        "tag": ("tag_feed", {"slug": article.tags.first().slug}),
    }


def fetch(client, name, kwargs, fmt):
    response = client.get(reverse(name, kwargs={**kwargs, "fmt": fmt}))
    assert response.status_code == 200, response.content[:300]
    return response


def parse(response):
    """feedparser tells JSON Feed from XML by the content type, as it does over HTTP."""
    return feedparser.parse(
        response.content, response_headers={"content-type": response["Content-Type"]}
    )


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize("scope", ["site", "section", "author", "tag"])
def test_every_feed_parses_cleanly_with_absolute_urls(client, newsroom, scope, fmt):
    name, kwargs = scopes(newsroom)[scope]
    response = fetch(client, name, kwargs, fmt)

    parsed = parse(response)

    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link.startswith("http://")
        assert entry.title
        assert entry.published_parsed
    assert parsed.feed.link.startswith("http://")


def test_the_site_feed_lists_the_newest_articles_first(client, newsroom):
    parsed = parse(fetch(client, "feed", {}, "rss"))
    newest = sorted(newsroom.articles, key=lambda a: a.published_at, reverse=True)
    assert [e.title for e in parsed.entries] == [a.title for a in newest][: len(parsed.entries)]
    assert parsed.entries[0].link == newest[0].full_url


def test_a_section_feed_lists_only_that_section(client, newsroom):
    war = newsroom.sections[0]
    parsed = parse(fetch(client, "section_feed", {"slug": war.slug}, "atom"))
    mine = {a.title for a in newsroom.articles if a.section_id == war.pk}
    assert {e.title for e in parsed.entries} == mine


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_the_lead_image_is_an_enclosure_and_media_content(client, newsroom, fmt):
    parsed = parse(fetch(client, "feed", {}, fmt))
    entry = parsed.entries[0]
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosures and enclosures[0].href.startswith("http://")
    assert enclosures[0].type.startswith("image/")
    assert int(enclosures[0].length) > 0
    assert entry.media_content[0]["url"] == enclosures[0].href
    assert entry.media_content[0]["medium"] == "image"


@pytest.mark.parametrize("scope", ["site", "section", "author", "tag"])
def test_every_json_feed_follows_json_feed_1_1(client, newsroom, scope):
    """feedparser 6.0 (the newest release) reads no JSON Feed, so the spec's rules are
    checked here: https://jsonfeed.org/version/1.1"""
    name, kwargs = scopes(newsroom)[scope]
    response = fetch(client, name, kwargs, "json")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)

    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"]
    assert data["home_page_url"].startswith("http://")
    assert data["feed_url"] == "http://localhost" + reverse(name, kwargs={**kwargs, "fmt": "json"})
    assert data["items"]
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item["url"].startswith("http://")
        assert item.get("content_html") or item.get("content_text")
        for key in ("date_published", "date_modified"):
            assert datetime.datetime.fromisoformat(item[key]).tzinfo is not None
        assert all(author["name"] for author in item["authors"])


def test_json_feed_has_image_attachment_and_dates(client, newsroom):
    data = json.loads(fetch(client, "feed", {}, "json").content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"].endswith("/feeds/feed.json")
    item = data["items"][0]
    assert item["image"].startswith("http://")
    assert item["attachments"][0]["mime_type"].startswith("image/")
    assert item["date_published"].endswith("+00:00")
    assert item["authors"][0]["url"].startswith("http://")


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_summary_by_default_full_text_as_a_setting(client, newsroom, fmt):
    article = max(newsroom.articles, key=lambda a: a.published_at)
    parsed = parse(fetch(client, "feed", {}, fmt))
    entry = parsed.entries[0]
    assert entry.summary.strip() == article.standfirst
    assert "content" not in entry or all("council met" not in c.value for c in entry.content)

    setting = FeedSettings.for_site(newsroom.home.get_site())
    setting.content = FeedSettings.Content.FULL_TEXT
    setting.save()

    parsed = parse(fetch(client, "feed", {}, fmt))
    assert parsed.bozo == 0
    content = parsed.entries[0].content[0].value
    assert "council met" in content  # the body's words
    assert 'src="/' not in content and 'href="/' not in content


def test_json_feed_carries_full_text_when_set(client, newsroom):
    item = json.loads(fetch(client, "feed", {}, "json").content)["items"][0]
    assert "content_html" not in item and item["content_text"] == item["summary"]

    setting = FeedSettings.for_site(newsroom.home.get_site())
    setting.content = FeedSettings.Content.FULL_TEXT
    setting.save()

    item = json.loads(fetch(client, "feed", {}, "json").content)["items"][0]
    assert "council met" in item["content_html"]


def test_items_per_feed_is_a_setting(client, newsroom):
    setting = FeedSettings.for_site(newsroom.home.get_site())
    setting.items = 3
    setting.save()
    parsed = parse(fetch(client, "feed", {}, "rss"))
    assert len(parsed.entries) == 3


@pytest.mark.parametrize(
    "name", ["section_feed", "author_feed", "tag_feed"], ids=["section", "author", "tag"]
)
def test_unknown_scopes_are_404(client, newsroom, name):
    response = client.get(reverse(name, kwargs={"slug": "no-such-thing", "fmt": "rss"}))
    assert response.status_code == 404


def test_feeds_are_cacheable_and_answer_conditional_requests(client, newsroom):
    response = fetch(client, "feed", {}, "atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    assert not response.cookies

    again = client.get(reverse("feed", kwargs={"fmt": "atom"}), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_feed_urls_are_the_documented_paths():
    assert reverse("feed", kwargs={"fmt": "rss"}) == "/feeds/rss.xml"
    assert reverse("feed", kwargs={"fmt": "atom"}) == "/feeds/atom.xml"
    assert reverse("feed", kwargs={"fmt": "json"}) == "/feeds/feed.json"
    assert (
        reverse("section_feed", kwargs={"slug": "war", "fmt": "rss"})
        == "/feeds/section/war/rss.xml"
    )
    assert (
        reverse("author_feed", kwargs={"slug": "a", "fmt": "json"}) == "/feeds/author/a/feed.json"
    )
    assert reverse("tag_feed", kwargs={"slug": "t", "fmt": "atom"}) == "/feeds/topic/t/atom.xml"


def test_pages_link_their_feeds(client, newsroom):
    section = newsroom.sections[0]
    html = client.get(section.url).content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert f'href="/feeds/section/{section.slug}/atom.xml"' in html
    assert 'href="/feeds/feed.json"' in html


def test_urls_affected_by_names_every_feed_and_sitemap_listing_the_article(client, newsroom):
    article = newsroom.articles[0]
    paths = urls_affected_by(article)

    for fmt in FORMATS:
        assert reverse("feed", kwargs={"fmt": fmt}) in paths
        assert reverse("section_feed", kwargs={"slug": article.section.slug, "fmt": fmt}) in paths
        for author in article.ordered_authors:
            assert reverse("author_feed", kwargs={"slug": author.slug, "fmt": fmt}) in paths
        for tag in article.tags.all():
            assert reverse("tag_feed", kwargs={"slug": tag.slug, "fmt": fmt}) in paths
    assert "/sitemap.xml" in paths and "/news-sitemap.xml" in paths
    # the sitemap page that lists it really does
    sitemap_pages = [p for p in paths if p.startswith("/sitemaps/articles-")]
    assert len(sitemap_pages) == 1
    assert article.full_url in client.get(sitemap_pages[0]).content.decode()


def test_feed_queries_do_not_grow_with_the_number_of_items(client, newsroom):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    setting = FeedSettings.for_site(newsroom.home.get_site())
    counts = []
    for items in (3, 12):
        setting.items = items
        setting.save()
        fetch(client, "feed", {}, "rss")  # makes the image renditions
        with CaptureQueriesContext(connection) as captured:
            parsed = parse(fetch(client, "feed", {}, "rss"))
        assert len(parsed.entries) == items
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_an_image_without_its_file_is_left_out_not_an_error(client, newsroom):
    from masthead.articles import structured_data
    from masthead.articles.distribution import site_base
    from masthead.articles.tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=newsroom.sections[0], slug="lost-photo")
    article.lead_image.file.storage.delete(article.lead_image.file.name)

    assert structured_data.image_objects(article.lead_image, site_base()) == []
    parsed = parse(fetch(client, "feed", {}, "atom"))
    entry = next(e for e in parsed.entries if e.link == article.full_url)
    assert not [link for link in entry.links if link.rel == "enclosure"]
