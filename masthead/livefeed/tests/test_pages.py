"""The news feed page: ordering, pinning, days in the site's time zone, "More news"
pagination by cursor, permalinks, the feeds and the JSON-LD; the widget and the
breakout note on articles."""

import datetime
import json

import extruct
import feedparser
import pytest
from django.test import Client, override_settings
from django.utils import timezone

from masthead.core import fragments
from masthead.livefeed import queries, services
from masthead.livefeed.models import FeedChange

from .factories import make_live_page, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_page(newsroom):
    return make_live_page(newsroom.home)


def items_in_order(html):
    import re

    return [int(pk) for pk in re.findall(r'<li class="feed-item[^"]*" id="item-(\d+)"', html)]


def test_items_are_newest_first_with_pinned_items_on_top(feed_page):
    old = post("Old", minutes_ago=30)
    pinned = post("Pinned note", minutes_ago=60, pinned=True)
    new = post("New", minutes_ago=1)
    html = Client().get(feed_page.url).content.decode()
    assert items_in_order(html) == [pinned.pk, new.pk, old.pk]
    assert f'data-live-cursor="{FeedChange.objects.last().pk}"' in html
    assert '<h2 class="feed-day__heading rubric" id="day-pinned">Pinned</h2>' in html


@override_settings(TIME_ZONE="Europe/Kyiv")
def test_items_are_grouped_by_day_in_the_site_time_zone(feed_page):
    # 23:30 UTC on 24 November is 01:30 on 25 November in Kyiv.
    moment = datetime.datetime(2026, 11, 24, 23, 30, tzinfo=datetime.UTC)
    services.do_post_item(headline="After midnight in Kyiv", published_at=moment)
    services.do_post_item(
        headline="Evening in Kyiv", published_at=moment - datetime.timedelta(hours=2)
    )
    html = Client().get(feed_page.url).content.decode()
    assert 'data-day="2026-11-25"' in html and 'data-day="2026-11-24"' in html
    assert "Wednesday, 25 November 2026" in html
    assert '<time datetime="2026-11-25T01:30:00+02:00">1:30 AM</time>' in html


@override_settings(LIVEFEED_PAGE_SIZE=3)
def test_more_news_pages_by_cursor_and_a_bad_cursor_is_the_first_page(feed_page):
    posted = [post(f"Item {i}", minutes_ago=i) for i in range(7)]  # newest first
    client = Client()
    seen = []
    url = feed_page.url
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        seen += items_in_order(html)
        next_link = response.context["listing"].next_cursor
        if not next_link:
            break
        assert f'href="?before={next_link}"' in html
        url = f"{feed_page.url}?before={next_link}"
    assert seen == [item.pk for item in posted]
    for bad in ("nonsense", "99999999999999999999-1", "-1", "1-"):
        response = client.get(f"{feed_page.url}?before={bad}")
        assert response.status_code == 200
        assert items_in_order(response.content.decode())[:3] == [p.pk for p in posted[:3]]


def test_each_item_has_its_own_page_and_anchor(feed_page):
    item = post("Permalinked", body="<p>With <a href='https://example.org'>a link</a>.</p>")
    html = Client().get(feed_page.url).content.decode()
    assert f'href="{feed_page.url}item/{item.pk}/"' in html
    response = Client().get(f"{feed_page.url}item/{item.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Permalinked" in page and f'id="item-{item.pk}"' in page
    assert Client().get(f"{feed_page.url}item/999999/").status_code == 404


def test_a_corrected_item_shows_when_it_was_updated(feed_page):
    item = post("Road reopened", minutes_ago=5)
    services.do_update_item(item, body="<p>Both lanes.</p>")
    html = Client().get(feed_page.url).content.decode()
    assert "Updated <time" in html and "Both lanes." in html


def test_the_breakout_article_is_linked_both_ways(newsroom, feed_page):
    article = newsroom.articles[-1]
    item = post("Grew into a story", article=article)
    html = Client().get(feed_page.url).content.decode()
    assert f'href="{article.url}"' in html
    article_html = Client().get(article.url).content.decode()
    assert "began as an update in our" in article_html
    assert f"{feed_page.url}item/{item.pk}/" in article_html


def test_the_feeds_parse_and_carry_the_items(feed_page):
    items = [post(f"Update {i}", minutes_ago=i, tags=["Energy"]) for i in range(3)]
    for name in ("rss.xml", "atom.xml"):
        response = Client().get("/feeds/news/" + name)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert [entry.title for entry in parsed.entries] == [i.headline for i in items]
        assert parsed.entries[0].link.endswith(f"/item/{items[0].pk}/")
    document = json.loads(Client().get("/feeds/news/feed.json").content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert [entry["title"] for entry in document["items"]] == [i.headline for i in items]
    html = Client().get(feed_page.url).content.decode()
    for name, kind in (
        ("rss.xml", "rss+xml"),
        ("atom.xml", "atom+xml"),
        ("feed.json", "feed+json"),
    ):
        assert f'type="application/{kind}"' in html and f'href="/feeds/news/{name}"' in html


def test_the_feed_page_carries_live_blog_posting_json_ld(feed_page):
    items = [post(f"Update {i}", minutes_ago=i) for i in range(3)]
    response = Client().get(feed_page.url)
    data = extruct.extract(
        response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"]
    )["json-ld"]
    live = [d for d in data if d.get("@type") == "LiveBlogPosting"]
    assert len(live) == 1
    updates = live[0]["liveBlogUpdate"]
    assert [u["headline"] for u in updates] == [i.headline for i in items]
    assert all(u["@type"] == "BlogPosting" and u["datePublished"] and u["url"] for u in updates)
    assert updates[0]["url"].endswith(f"/item/{items[0].pk}/")


def test_the_widget_shows_the_latest_items_on_home_and_articles(newsroom, feed_page):
    with override_settings(LIVEFEED_WIDGET_ITEMS=2):
        posted = [post(f"Widget item {i}", minutes_ago=i) for i in range(3)]
        home = Client().get("/").content.decode()
        article = Client().get(newsroom.articles[0].url).content.decode()
    for html in (home, article):
        assert 'data-live-feed="widget"' in html
        assert posted[0].headline in html and posted[1].headline in html
        assert posted[2].headline not in html
        assert f'href="{feed_page.url}"' in html and "More news" in html
        assert 'aria-live="polite"' in html


def test_the_widget_is_cached_by_change_and_renewed_by_a_change(newsroom, feed_page):
    post("First")
    assert "First" in Client().get("/").content.decode()
    post("Second")
    assert "Second" in Client().get("/").content.decode()


def test_queries_decode_only_wellformed_cursors():
    assert queries.decode_cursor("x") is None
    assert queries.decode_cursor("") is None
    now = timezone.now()
    moment, pk = queries.decode_cursor(f"{int(now.timestamp() * 1_000_000)}-5")
    assert pk == 5 and abs((moment - now).total_seconds()) < 1


def test_the_widget_and_the_breakout_note_cost_a_page_at_most_one_query(newsroom, feed_page):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from masthead.livefeed import widgets

    article = newsroom.articles[-1]
    post("Counted", article=article)
    warm = {"request": RequestFactory().get("/"), "page": article}
    widgets.render_article_widget(warm)
    widgets.render_origin_note(warm)
    context = {"request": RequestFactory().get("/"), "page": article}
    with CaptureQueriesContext(connection) as captured:
        aside = widgets.render_article_widget(context)
        note = widgets.render_origin_note(context)
    assert "Counted" in aside and "began as an update" in note
    # none while the fragments are cached (core/fragments.py), one after a purge
    assert len(captured.captured_queries) == 0, captured.captured_queries
    fragments.bump()
    context = {"request": RequestFactory().get("/"), "page": article}
    with CaptureQueriesContext(connection) as captured:
        widgets.render_article_widget(context)
        widgets.render_origin_note(context)
    assert len(captured.captured_queries) == 1, captured.captured_queries


@override_settings(TIME_ZONE="Europe/Kyiv")
def test_a_pinned_item_from_an_earlier_day_shows_its_date_not_only_its_time(feed_page):
    from bs4 import BeautifulSoup

    moment = timezone.now() - datetime.timedelta(days=3)
    pinned = services.do_post_item(
        headline="How to read this feed", published_at=moment, pinned=True
    )
    local = timezone.localtime(moment)

    page = BeautifulSoup(Client().get(feed_page.url).content.decode(), "html.parser")
    shown = page.select_one(f"#item-{pinned.pk} .feed-item__time").get_text(" ", strip=True)

    assert local.strftime("%B") in shown and str(local.day) in shown, shown
    assert str(local.year) in shown
    # The live event carries the same markup.
    payload = json.loads(FeedChange.objects.get(item_id=pinned.pk).payload)
    assert local.strftime("%B") in payload["html"]
