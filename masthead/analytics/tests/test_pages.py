"""Views of the reader pages that are not articles (home, sections, authors…): the
beacon says the page's id, the flush counts them per page and hour with their readers,
and the editors' dashboard shows them beside the articles."""

import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from masthead.analytics import buffer, services
from masthead.analytics.hits import Hit
from masthead.analytics.models import ArticleHour, PageHour, Seen
from masthead.core.tests.fixtures import module_data
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

from .conftest import BROWSER
from .factories import newsroom

pytestmark = pytest.mark.django_db

data = module_data(lambda: newsroom(articles=1))
TODAY = timezone.now().astimezone(datetime.UTC).date()
NOON = datetime.datetime.combine(TODAY, datetime.time(12), datetime.UTC).timestamp()


def page_beacon(client, page_id, ip="203.0.113.7"):
    return client.post(
        "/_/hit",
        urlencode({"p": str(page_id), "r": "news.example.com", "w": "1280"}),
        content_type="application/x-www-form-urlencoded",
        headers={"User-Agent": BROWSER},
        REMOTE_ADDR=ip,
    )


def test_home_and_section_pages_carry_their_page_id_and_a_noscript_image(data, client):
    home, section, _author, (story,) = data
    for page in (home, section):
        html = client.get(page.url).content.decode()
        assert f'data-page="{page.pk}"' in html and "data-article" not in html
        assert f"/_/hit?p={page.pk}&amp;ns=1" in html
    article = client.get(story.url).content.decode()
    assert f'data-article="{story.pk}"' in article and "data-page=" not in article
    assert "/_/hit?p=" not in article  # the article's own noscript image says a=


def test_page_views_are_counted_per_page_and_hour_with_their_readers(data, client):
    home, section, _author, (story,) = data
    page_beacon(client, home.pk)
    page_beacon(client, home.pk)  # the same reader again: one reader, two views
    page_beacon(client, home.pk, ip="198.51.100.4")
    page_beacon(client, section.pk)
    page_beacon(client, story.pk)  # an article is not a "page": dropped at the flush
    page_beacon(client, 987654)  # an unknown id: dropped
    [hit, *_] = [h for s in buffer.current().segments(everything=True) for h in s.hits()]
    assert (hit.kind, hit.article, hit.ref) == ("p", home.pk, "")  # no referrer kept
    report = services.do_flush(everything=True)
    assert report.hits == 6 and not report.failed
    counted = {row.page_id: (row.views, row.uniques) for row in PageHour.objects.all()}
    assert counted == {home.pk: (3, 2), section.pk: (1, 1)}
    assert not ArticleHour.objects.exists()
    # A later segment adds views; readers stay counted once in the hour.
    page_beacon(client, home.pk)
    services.do_flush(everything=True)
    assert PageHour.objects.get(page=home).views == 4
    assert PageHour.objects.get(page=home).uniques == 2


def test_page_readers_hashes_are_pruned_with_the_day(data):
    home = data[0]
    yesterday = NOON - 86400
    buffer.current().append(Hit("p", yesterday, home.pk, visitor="a"))
    services.do_flush(everything=True)
    assert PageHour.objects.get(page=home).uniques == 1
    assert not Seen.objects.exists()


def test_page_views_from_the_redis_buffer(data, redis_buffer):
    home, section, _author, (story,) = data
    for visitor in ("a", "b", "a"):
        redis_buffer.append(Hit("p", NOON, home.pk, visitor=visitor))
    redis_buffer.append(Hit("p", NOON, section.pk, visitor="a"))
    redis_buffer.append(Hit("v", NOON, story.pk, visitor="a"))
    assert services.do_flush().hits == 5
    hour = services._hour(NOON)
    assert (PageHour.objects.get(page=home, hour=hour).views, PageHour.objects.get(page=home, hour=hour).uniques) == (3, 2)  # fmt: skip
    assert PageHour.objects.get(page=section, hour=hour).views == 1
    assert ArticleHour.objects.get(article=story).views == 1
    services.do_flush()  # nothing new: nothing changes
    assert PageHour.objects.get(page=home, hour=hour).views == 3


def test_editors_see_home_and_sections_and_every_pages_views(data, client):
    home, section, _author, (story,) = data
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=2)
    PageHour.objects.create(hour=hour, page=home, views=900, uniques=700)
    PageHour.objects.create(hour=hour, page=section, views=80, uniques=60)
    ArticleHour.objects.create(hour=hour, article=story, views=20, uniques=10)
    client.force_login(StaffFactory(groups=[roles.EDITORS]))
    page = client.get("/admin/analytics/?days=7").content.decode()
    assert "Home, sections and other pages" in page
    assert home.title in page and section.title in page
    assert "1,000" in page  # every page's views: 900 + 80 + 20
    csv = client.get("/admin/analytics/?days=7&csv=views-and-readers").content.decode()
    assert "Views of every page" in csv and "1000" in csv


def test_authors_do_not_see_other_pages(data, client):
    home = data[0]
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=2)
    PageHour.objects.create(hour=hour, page=home, views=900, uniques=700)
    client.force_login(StaffFactory(groups=[roles.AUTHORS]))
    page = client.get("/admin/analytics/?days=7").content.decode()
    assert "Home, sections and other pages" not in page and "900" not in page
