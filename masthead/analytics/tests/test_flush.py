"""Hourly rollups, readers counted once, and no hit lost or counted twice across failures."""

import datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from masthead.analytics import buffer, hits, salt, services
from masthead.analytics.hits import Hit
from masthead.analytics.models import ArticleDay, ArticleHour, Breakdown, FlushedSegment, Seen
from masthead.core.tests.fixtures import module_data

from .factories import newsroom

pytestmark = pytest.mark.django_db

data = module_data(lambda: newsroom(articles=2))
# Noon today (UTC): the readers' hashes of earlier days are pruned by every flush.
TODAY = timezone.now().astimezone(datetime.UTC).date()
NOON = datetime.datetime.combine(TODAY, datetime.time(12), datetime.UTC).timestamp()


def view(article, at, visitor, **kw):
    return Hit("v", at, article.pk, visitor=visitor, **kw)


def push(*items):
    store = buffer.current()
    for item in items:
        store.append(item)


def row(article, at):
    return ArticleHour.objects.get(article=article, hour=services._hour(buffer.hour_of(at)))


def test_hourly_rollups_count_views_readers_reads_time_and_breakdowns(data):
    one, two = data[3]
    push(
        view(one, NOON + 60, "a", ref="news.example.com", device="mobile", utm="spring"),
        view(one, NOON + 120, "a", ref="news.example.com", device="mobile"),
        view(one, NOON + 180, "b", device="desktop"),
        Hit("e", NOON + 200, one.pk, read=1, seconds=95),
        Hit("e", NOON + 260, one.pk, read=0, seconds=5),
        view(one, NOON + 3600, "a", device="desktop"),  # the next hour
        view(two, NOON + 100, "a", device="tablet"),
    )
    report = services.do_flush(everything=True)
    assert report.hits == 7 and report.failed == 0
    first = row(one, NOON)
    assert (first.views, first.uniques, first.reads, first.timed, first.seconds) == (
        3,
        2,
        1,
        2,
        100,
    )
    assert (row(one, NOON + 3600).views, row(one, NOON + 3600).uniques) == (1, 1)
    assert row(two, NOON).uniques == 1
    # A reader is one reader of the day, whatever the hours they came back in.
    assert ArticleDay.objects.get(article=one).uniques == 2
    by_kind = dict(
        Breakdown.objects.filter(article=one, hour=first.hour).values_list("kind", "value")
        .order_by().values_list("value", "views")
    )  # fmt: skip
    assert by_kind == {"news.example.com": 2, "mobile": 2, "desktop": 1, "spring": 1}


def test_later_flushes_add_up_and_count_returning_readers_once(data):
    one = data[3][0]
    push(view(one, NOON, "a"), view(one, NOON + 5, "b"))
    services.do_flush(everything=True)
    push(view(one, NOON + 10, "a"), view(one, NOON + 20, "c"))
    services.do_flush(everything=True)
    first = row(one, NOON)
    assert (first.views, first.uniques) == (4, 3)


def test_only_closed_segments_are_flushed_by_default(data, settings):
    one = data[3][0]
    push(view(one, NOON, "a"))
    assert services.do_flush().hits == 0  # still being written
    assert services.do_flush(everything=True).hits == 1


def test_a_database_outage_loses_no_buffered_hit(data):
    one = data[3][0]
    push(view(one, NOON, "a"), view(one, NOON + 1, "b"))
    with mock.patch.object(services, "_add_hours", side_effect=OperationalError("db down")):
        report = services.do_flush(everything=True)
    assert report.failed == 1 and report.hits == 0
    assert not ArticleHour.objects.exists() and not FlushedSegment.objects.exists()
    push(view(one, NOON + 2, "c"))
    report = services.do_flush(everything=True)
    assert report.hits == 3 and report.failed == 0
    assert (row(one, NOON).views, row(one, NOON).uniques) == (3, 3)
    assert buffer.current().segments(everything=True) == []


def test_a_segment_whose_deletion_failed_after_commit_is_not_counted_twice(data):
    one = data[3][0]
    push(view(one, NOON, "a"))
    [segment] = buffer.current().segments(everything=True)
    with mock.patch.object(type(segment), "discard", side_effect=OSError("disk")):
        with pytest.raises(OSError):
            services.do_flush(everything=True)
    assert row(one, NOON).views == 1
    report = services.do_flush(everything=True)
    assert report.skipped == 1 and report.hits == 0
    assert row(one, NOON).views == 1
    assert buffer.current().segments(everything=True) == []


def test_a_torn_last_line_is_skipped(data, analytics_buffer):
    one = data[3][0]
    push(view(one, NOON, "a"))
    [path] = analytics_buffer.glob("*.tsv")
    with open(path, "a") as handle:
        handle.write("v\t17000")
    assert services.do_flush(everything=True).hits == 1


def test_readers_hashes_and_yesterdays_salt_are_deleted_within_the_day(data):
    one = data[3][0]
    push(view(one, NOON, "a"))
    services.do_flush(everything=True)
    assert Seen.objects.count() == 1
    tomorrow = datetime.datetime.fromtimestamp(NOON, tz=datetime.UTC) + datetime.timedelta(days=1)
    salt.for_time(NOON)
    assert salt.cache.get(salt.KEY + TODAY.isoformat())
    services.do_prune(now=tomorrow.replace(hour=0, minute=5))
    assert not Seen.objects.exists()
    assert salt.cache.get(salt.KEY + TODAY.isoformat()) is None
    assert row(one, NOON).uniques == 1  # the figures stay


def test_the_salt_rotates_daily():
    day_one, day_two = salt.for_time(NOON), salt.for_time(NOON + 86400)
    assert day_one != day_two
    assert salt.for_time(NOON + 3000) == day_one  # the same all day
    same = hits.visitor_hash(day_one, "203.0.113.7", "UA", "news.example")
    assert same == hits.visitor_hash(day_one, "203.0.113.7", "UA", "news.example")
    assert same != hits.visitor_hash(day_two, "203.0.113.7", "UA", "news.example")


def test_the_flush_task_runs_the_flush(data):
    from masthead.analytics.tasks import flush_analytics_task

    one = data[3][0]
    push(Hit("v", timezone.now().timestamp() - 60, one.pk, visitor="a"))
    with mock.patch.object(services, "do_flush", wraps=services.do_flush) as flush:
        flush_analytics_task.enqueue()
    flush.assert_called_once()
