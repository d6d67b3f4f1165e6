"""What readers and podcast apps get: the player, the audio with ranges, the feed."""

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from masthead.audio.models import Narration
from masthead.core.tests.html import soup, text

pytestmark = pytest.mark.django_db

DATA = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def narrated(desk):
    page = desk.article(title="Bridge reopens", standfirst="Traffic returned.")
    narration = Narration.objects.create(
        page=page,
        status=Narration.Status.DONE,
        text_hash="ab" * 32,
        duration=252.4,
        size=len(DATA),
    )
    narration.audio.save("narration.mp3", ContentFile(DATA))
    return narration


def audio_url(narration):
    return reverse("narration_audio", args=[narration.guid])


def test_the_player_shows_on_a_narrated_article(client, narrated, django_assert_max_num_queries):
    response = client.get(narrated.page.url)
    page = soup(response)

    section = page.select_one("section.narration")
    heading = section.find(id=section["aria-labelledby"])
    assert text(heading) == "Listen to this article"
    audio = section.find("audio")
    assert audio.has_attr("controls") and audio["preload"] == "none"
    source = audio.find("source")
    assert source["type"] == "audio/mpeg" and source["src"].startswith(audio_url(narrated))
    duration = section.find("time")
    assert duration["datetime"] == "PT4M12S" and text(duration) == "4 min 12 s"
    assert "This audio is created with AI assistance" in text(section)
    download = section.find("a", attrs={"download": True})
    assert download["href"].startswith(audio_url(narrated))


def test_the_player_costs_one_query(rf, narrated, django_assert_num_queries):
    from masthead.audio.player import render_player

    with django_assert_num_queries(1):
        html = render_player({"page": narrated.page})
    assert "Listen to this article" in html


def test_no_player_without_a_finished_narration(client, desk):
    queued = desk.article(slug="queued")
    Narration.objects.create(page=queued, status=Narration.Status.QUEUED)
    plain = desk.article(slug="plain")

    for page in (queued, plain):
        assert soup(client.get(page.url)).select_one(".narration") is None


def test_no_player_when_the_article_is_opted_out(client, narrated):
    Narration.objects.filter(pk=narrated.pk).update(enabled=False)
    assert soup(client.get(narrated.page.url)).select_one(".narration") is None
    assert client.get(audio_url(narrated)).status_code == 404


def test_audio_is_served_whole_with_accept_ranges(client, narrated):
    response = client.get(audio_url(narrated))

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(DATA))
    assert b"".join(response.streaming_content) == DATA


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=10000-", 10000, 10239),
        ("bytes=-40", 10200, 10239),
        ("bytes=10200-99999", 10200, 10239),
    ],
)
def test_a_range_request_gets_206_and_that_range(client, narrated, header, start, end):
    response = client.get(audio_url(narrated), HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(DATA)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert b"".join(response.streaming_content) == DATA[start : end + 1]


@pytest.mark.parametrize(
    "header", ["bytes=20000-", "bytes=50-10", "bytes=-0", "bytes=" + "9" * 5000 + "-"]
)
def test_an_unsatisfiable_range_gets_416(client, narrated, header):
    response = client.get(audio_url(narrated), HTTP_RANGE=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(DATA)}"


@pytest.mark.parametrize(
    "header",
    [
        "bytes=-",  # names no range
        "pages=1-2",  # a unit we do not know
        "bytes=0-1,5-9",  # several ranges: the whole file
        "bytes=-5-10",
        "bytes=--3",
        "bytes=a-b",
        "bytes=١-٣",  # Arabic-Indic digits are digits to Python's int(), not to HTTP
        "bytes=0x10-",
        "bytes 0-1",
        "=",
        "\x00",
    ],
)
def test_a_malformed_range_is_ignored(client, narrated, header):
    response = client.get(audio_url(narrated), HTTP_RANGE=header)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DATA


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-" + "9" * 5000, 0, len(DATA) - 1),
        ("bytes=-" + "9" * 5000, 0, len(DATA) - 1),
        ("bytes=10-" + "9" * 19, 10, len(DATA) - 1),
    ],
)
def test_an_absurdly_long_number_reads_as_past_the_end(client, narrated, header, start, end):
    response = client.get(audio_url(narrated), HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(DATA)}"


@pytest.mark.parametrize("header", ["bytes=" + "9" * 5000 + "-", "bytes=-", "bytes=0-1,2-3"])
def test_the_podcast_artwork_never_fails_on_a_range(client, desk, header):
    response = client.get(reverse("podcast_artwork"), HTTP_RANGE=header)
    assert response.status_code in (200, 416)


def test_a_stale_if_range_gets_the_whole_file(client, narrated):
    response = client.get(audio_url(narrated), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert response.status_code == 200


def test_head_gives_the_length_without_the_body(client, narrated):
    response = client.head(audio_url(narrated), HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206 and response["Content-Length"] == "10"
    assert response.content == b""


def test_the_download_link_asks_to_save_the_file(client, narrated):
    response = client.get(audio_url(narrated) + "?download=1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_podcast_feed_lists_narrated_articles(client, narrated, desk, settings):
    Narration.objects.create(page=desk.article(slug="not-yet"), status=Narration.Status.QUEUED)

    response = client.get(reverse("podcast_feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    channel = feed.feed
    assert channel.title == "The Meridian Ledger: narrated articles"
    assert channel.language == settings.LANGUAGE_CODE
    assert channel.author_detail.name == "The Meridian Ledger"
    assert channel.publisher_detail.email == "desk@meridian.example"
    assert channel.image.href == settings.SITE_URL + reverse("podcast_artwork")
    assert [t.term for t in channel.tags] == ["News"]
    assert len(channel.podcast_guid) == 36
    xml = response.content.decode()
    assert "<itunes:explicit>no</itunes:explicit>" in xml
    assert '<podcast:locked owner="desk@meridian.example">yes</podcast:locked>' in xml
    assert '<itunes:category text="News"/>' in xml
    [episode] = feed.entries
    assert episode.title == "Bridge reopens"
    assert episode.id == f"urn:uuid:{narrated.guid}" and episode.guidislink is False
    assert episode.itunes_duration == "252"
    assert episode.link == settings.SITE_URL + narrated.page.url
    assert "Traffic returned." in episode.summary
    assert "AI assistance" in episode.summary
    [enclosure] = episode.enclosures
    assert enclosure.type == "audio/mpeg" and enclosure.length == str(len(DATA))
    assert enclosure.href.startswith(settings.SITE_URL + audio_url(narrated))


def test_a_section_has_its_own_podcast_feed(client, narrated, desk):
    feed = feedparser.parse(client.get(reverse("podcast_section_feed", args=["war"])).content)
    assert feed.bozo == 0 and len(feed.entries) == 1
    assert feed.feed.title == "The Meridian Ledger: War, narrated"
    assert client.get(reverse("podcast_section_feed", args=["nope"])).status_code == 404


def test_the_podcast_guid_follows_the_podcasting_2_spec():
    from masthead.audio.feeds import podcast_guid

    # The example in the Podcasting 2.0 namespace documentation.
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )


def test_the_podcast_artwork_is_a_square_of_at_least_1400_px(client, desk):
    from io import BytesIO

    from PIL import Image

    response = client.get(reverse("podcast_artwork"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert image.size[0] == image.size[1] >= 1400


def test_a_missing_file_is_a_404_not_an_error(client, narrated):
    narrated.audio.storage.delete(narrated.audio.name)
    assert client.get(audio_url(narrated)).status_code == 404


def test_the_podcast_feed_is_linked_from_the_player_the_head_and_home(client, narrated, desk):
    feed = reverse("podcast_feed")
    article = soup(client.get(narrated.page.url))

    player_link = article.select_one("section.narration").find("a", href=feed)
    assert player_link is not None and "podcast" in text(player_link)
    alternate = article.find("link", attrs={"rel": "alternate", "href": feed})
    assert alternate is not None and alternate["type"] == "application/rss+xml"
    assert "podcast" in alternate["title"]

    home_page = narrated.page.get_site().root_page
    home = soup(client.get(home_page.url))
    assert home.find("link", attrs={"rel": "alternate", "href": feed}) is not None
    box = home.select_one("section.podcast-box")
    assert box.find("a", href=feed) is not None
    assert box.find(id=box["aria-labelledby"]) is not None
