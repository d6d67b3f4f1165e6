"""The beacon: what is counted, what is not, and what it never keeps or sets."""

import io

import pytest

from masthead.analytics import buffer, hits, services
from masthead.analytics.models import ArticleHour, Breakdown
from masthead.analytics.wsgi import BeaconPath
from masthead.core.tests.fixtures import module_data

from .conftest import BROWSER, PHONE, beacon
from .factories import newsroom

pytestmark = pytest.mark.django_db


def buffered():
    return [h for s in buffer.current().segments(everything=True) for h in s.hits()]


data = module_data(lambda: newsroom(articles=1))


@pytest.fixture
def story(data):
    return data[3][0]


def test_a_view_is_buffered_with_no_cookie_and_no_store(client, story):
    response = beacon(
        client, story, r="https://news.example.com/item?id=3", u="spring-drive", w="390"
    )
    assert response.status_code == 204
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    [hit] = buffered()
    assert (hit.kind, hit.article, hit.ref, hit.utm, hit.device) == (
        "v", story.pk, "news.example.com", "spring-drive", "mobile",
    )  # fmt: skip
    assert len(hit.visitor) == 16


def test_the_buffer_keeps_neither_address_nor_user_agent(client, story, analytics_buffer):
    beacon(client, story, ip="198.51.100.23")
    text = "".join(p.read_text() for p in analytics_buffer.glob("*.tsv"))
    assert "198.51.100.23" not in text and "Mozilla" not in text


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "",
    ],
)
def test_known_bots_are_not_counted(client, story, agent):
    assert beacon(client, story, ua=agent).status_code == 204
    assert buffered() == []


def test_browsers_are_not_bots():
    assert not hits.is_bot(BROWSER) and not hits.is_bot(PHONE)


def test_do_not_track_is_respected(client, story):
    beacon(client, story, headers={"DNT": "1"})
    assert buffered() == []
    beacon(client, story, headers={"DNT": "0"})
    assert len(buffered()) == 1


def test_global_privacy_control_is_respected(client, story):
    beacon(client, story, headers={"Sec-GPC": "1"})
    assert buffered() == []


def test_prefetches_and_junk_are_not_counted(client, story):
    beacon(client, story, headers={"Sec-Purpose": "prefetch"})
    beacon(client, "not-a-number")
    beacon(client, "-4")
    assert buffered() == []


def test_the_noscript_image_counts_a_view(client, story):
    response = client.get(f"/_/hit?a={story.pk}&ns=1", headers={"User-Agent": PHONE})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert not response.cookies
    [hit] = buffered()
    assert hit.device == "mobile"


def test_own_site_referrer_and_control_characters_are_dropped(client, story):
    beacon(client, story, r="http://testserver/war/", u="a\tb\nc")
    [hit] = buffered()
    assert hit.ref == "" and hit.utm == "abc"


def test_the_end_beacon_records_read_through_and_capped_time(client, story, settings):
    settings.ANALYTICS_MAX_SECONDS = 600
    beacon(client, story, e="1", rt="1", t="99999")
    [hit] = buffered()
    assert (hit.kind, hit.read, hit.seconds) == ("e", 1, 600)


def test_an_unknown_article_is_dropped_at_the_flush(client, story):
    beacon(client, 987654)
    beacon(client, story)
    services.do_flush(everything=True)
    assert list(ArticleHour.objects.values_list("article_id", "views")) == [(story.pk, 1)]


def test_the_wsgi_fast_path_counts_without_django(story):
    def django(environ, start_response):  # pragma: no cover - must not be reached
        raise AssertionError("the beacon went to Django")

    app = BeaconPath(django)
    body = f"a={story.pk}&w=1400&r=social.example".encode()
    environ = {
        "PATH_INFO": "/_/hit",
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "HTTP_USER_AGENT": BROWSER,
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_HOST": "testserver",
        "QUERY_STRING": "",
    }
    answered = []
    result = app(environ, lambda status, headers: answered.append((status, dict(headers))))
    assert answered[0][0].startswith("204") and b"".join(result) == b""
    assert "Set-Cookie" not in answered[0][1]
    services.do_flush(everything=True)
    assert Breakdown.objects.get(kind="r").value == "social.example"
    assert Breakdown.objects.get(kind="d").value == "desktop"
