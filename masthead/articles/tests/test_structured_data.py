"""JSON-LD (read back with extruct, as a crawler does), Open Graph and Twitter cards."""

import json

import extruct
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from masthead.articles import structured_data
from masthead.core.tests.html import soup

pytestmark = pytest.mark.django_db


def json_ld(response):
    data = extruct.extract(response.content.decode(), syntaxes=["json-ld"], uniform=True)
    return {item["@type"]: item for item in data["json-ld"]}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_article_has_a_complete_news_article(client, newsroom):
    article = newsroom.articles[0]
    items = json_ld(get(client, article.url))
    news = items["NewsArticle"]

    assert news["headline"] == article.title
    assert news["url"] == article.full_url
    assert news["datePublished"].startswith(article.published_at.isoformat()[:19])
    assert news["dateModified"]
    assert news["articleSection"] == article.section.title
    assert set(news["keywords"]) == {tag.name for tag in article.tags.all()}
    assert news["isAccessibleForFree"] is True
    assert [a["name"] for a in news["author"]] == [a.title for a in article.ordered_authors]
    for author in news["author"]:
        assert author["@type"] == "Person" and author["url"].startswith("http://")
    images = news["image"]
    assert len(images) == 3
    ratios = {round(image["width"] / image["height"], 2) for image in images}
    assert ratios == {1.78, 1.33, 1.0}
    assert all(image["url"].startswith("http://") for image in images)
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "The Meridian Ledger"
    assert publisher["logo"]["url"].startswith("http://")
    # the static wordmark, as SiteSettings has no logo
    assert publisher["logo"]["url"].endswith("/static/masthead/img/publisher-logo.png")
    assert finders.find("masthead/img/publisher-logo.png")


def test_article_has_breadcrumbs(client, newsroom):
    article = newsroom.articles[0]
    trail = json_ld(get(client, article.url))["BreadcrumbList"]["itemListElement"]
    assert [step["position"] for step in trail] == [1, 2, 3]
    assert [step["item"] for step in trail] == [
        newsroom.home.full_url,
        article.section.full_url,
        article.full_url,
    ]


def test_home_has_organization_and_website_with_search_action(client, newsroom):
    items = json_ld(get(client, "/"))
    organization = items["Organization"]
    assert organization["name"] == "The Meridian Ledger"
    assert organization["url"] == newsroom.home.full_url
    assert organization["logo"]["url"].startswith("http://")
    website = items["WebSite"]
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"].endswith(reverse("search") + "?q={search_term_string}")
    assert action["query-input"] == "required name=search_term_string"


def test_author_page_is_a_profile_page(client, newsroom):
    author = newsroom.authors[0]
    profile = json_ld(get(client, author.url))["ProfilePage"]
    assert profile["mainEntity"]["@type"] == "Person"
    assert profile["mainEntity"]["name"] == author.title
    assert profile["mainEntity"]["url"] == author.full_url


def test_headlines_are_cut_on_a_word_boundary():
    long = "Shelling " * 20
    cut = structured_data.headline(long)
    assert len(cut) <= 110 and cut.endswith("Shelling…")
    assert structured_data.headline("Short one") == "Short one"


def test_user_text_cannot_leave_the_script_element(client, newsroom):
    article = newsroom.articles[0]
    article.title = 'Evil </script><script>alert("x")</script> & co'
    article.save_revision().publish()
    html = get(client, article.url).content.decode()
    head = html[: html.index("</head>")]
    assert "<script>alert" not in head
    assert json_ld(get(client, article.url))["NewsArticle"]["headline"] == article.title
    assert structured_data.script_tag({"a": "</script>"}).count("</script>") == 1
    assert json.loads(str(structured_data.script_tag({"a": "<&>"}))[35:-9]) == {"a": "<&>"}


def meta(response):
    page = soup(response)
    found = {}
    for tag in page.find("head").find_all("meta"):
        key = tag.get("property") or tag.get("name")
        found.setdefault(key, []).append(tag.get("content"))
    return found


def page_urls(newsroom):
    article = newsroom.articles[0]
    return {
        "home": "/",
        "section": newsroom.sections[0].url,
        "article": article.url,
        "author": newsroom.authors[0].url,
        "authors": newsroom.authors_index.url,
        "tag": reverse("tag", args=[article.tags.first().slug]),
        "team": newsroom.team.url,
        "jobs": newsroom.jobs.url,
        "form": newsroom.form.url,
        "search": reverse("search") + "?q=port",
    }


@pytest.mark.parametrize(
    "kind",
    ["home", "section", "article", "author", "authors", "tag", "team", "jobs", "form", "search"],
)
def test_every_page_has_open_graph_and_twitter_tags(client, newsroom, kind):
    response = get(client, page_urls(newsroom)[kind])
    tags = meta(response)
    for name in ("og:title", "og:url", "og:type", "og:site_name", "twitter:card"):
        assert tags.get(name), name
    assert tags["og:url"][0].startswith("http://")
    assert tags["og:site_name"] == ["The Meridian Ledger"]
    canonical = soup(response).find("link", rel="canonical")
    if canonical is not None:
        assert canonical["href"] == tags["og:url"][0]


def test_article_open_graph_is_an_article_with_image(client, newsroom):
    article = newsroom.articles[0]
    tags = meta(get(client, article.url))
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [article.full_url]
    assert tags["og:description"] == [article.standfirst]
    assert tags["og:image"][0].startswith("http://")
    assert tags["og:image:width"] == ["1200"] or int(tags["og:image:width"][0]) > 0
    assert tags["og:image:height"] and tags["og:image:alt"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["article:published_time"] and tags["article:modified_time"]
    assert tags["article:section"] == [article.section.title]
    assert set(tags["article:tag"]) == {tag.name for tag in article.tags.all()}


def test_a_sections_social_image_becomes_its_card(client, newsroom):
    from masthead.images.tests.factories import ImageFactory

    section = newsroom.sections[1]
    section.social_image = ImageFactory(width=1600, height=900, description="River port")
    section.save()
    tags = meta(get(client, section.url))
    assert tags["og:image"][0].startswith("http://")
    assert tags["og:image:alt"] == ["River port"]
    assert tags["twitter:card"] == ["summary_large_image"]


def test_member_only_articles_say_so(client, newsroom, monkeypatch):
    from masthead.articles.models import ArticlePage

    monkeypatch.setattr(ArticlePage, "is_accessible_for_free", lambda self: False)
    response = get(client, newsroom.articles[0].url)
    news = json_ld(response)["NewsArticle"]
    assert news["isAccessibleForFree"] is False
    assert news["hasPart"]["isAccessibleForFree"] is False
    # the selector names the gated part, which the page carries (members/CONTEXT.md)
    assert news["hasPart"]["cssSelector"] == ".article__gated"
    assert soup(response).select_one(".article__gated") is not None
