"""The same rollups from the Redis buffer (real Redis, db 5), and its failure handling."""

import datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from masthead.analytics import services
from masthead.analytics.hits import Hit
from masthead.analytics.models import ArticleDay, ArticleHour, Breakdown
from masthead.core.tests.fixtures import module_data

from .factories import newsroom

pytestmark = pytest.mark.django_db

data = module_data(lambda: newsroom(articles=1))
TODAY = timezone.now().astimezone(datetime.UTC).date()
NOON = datetime.datetime.combine(TODAY, datetime.time(12), datetime.UTC).timestamp()


def test_redis_counters_and_hyperloglogs_roll_up(data, redis_buffer):
    story = data[3][0]
    for visitor in ("a", "b", "a", "c"):
        redis_buffer.append(
            Hit("v", NOON, story.pk, visitor=visitor, ref="news.example", device="mobile")
        )
    redis_buffer.append(Hit("v", NOON + 3600, story.pk, visitor="a", device="desktop"))
    redis_buffer.append(Hit("e", NOON, story.pk, read=1, seconds=40))
    report = services.do_flush()
    assert report.hits == 6
    hour = ArticleHour.objects.get(article=story, hour=services._hour(NOON))
    assert (hour.views, hour.uniques, hour.reads, hour.timed, hour.seconds) == (4, 3, 1, 1, 40)
    assert ArticleDay.objects.get(article=story).uniques == 3
    assert Breakdown.objects.get(kind="r").views == 4
    # Another flush with nothing new changes nothing (readers are values, not increments).
    services.do_flush()
    hour.refresh_from_db()
    assert (hour.views, hour.uniques) == (4, 3)


def test_a_database_outage_keeps_the_redis_segment(data, redis_buffer):
    story = data[3][0]
    redis_buffer.append(Hit("v", NOON, story.pk, visitor="a"))
    with mock.patch.object(services, "_add_hours", side_effect=OperationalError("db down")):
        assert services.do_flush().failed == 1
    redis_buffer.append(Hit("v", NOON, story.pk, visitor="b"))
    assert services.do_flush().hits == 2
    assert ArticleHour.objects.get(article=story).views == 2
    assert list(redis_buffer.client.scan_iter(redis_buffer.prefix + "seg:*")) == []
