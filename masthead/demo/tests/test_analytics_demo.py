"""The demo's reading figures: 90 days of plausible history, inserted once, quickly."""

import datetime
import time

import pytest
from django.utils import timezone

from masthead.analytics import queries
from masthead.analytics.models import ArticleDay, ArticleHour, Conversion, PageHour
from masthead.analytics.tests.factories import newsroom
from masthead.demo import analytics as demo

pytestmark = pytest.mark.django_db


def test_ninety_days_of_figures_once():
    home, section, _author, stories = newsroom(articles=4)
    now = timezone.now()
    started = time.monotonic()
    assert demo.ensure(now) > 0
    assert time.monotonic() - started < 10
    first = ArticleHour.objects.order_by("hour").first().hour
    assert first >= now - datetime.timedelta(days=91)
    assert ArticleDay.objects.exists() and Conversion.objects.count() == 360
    row = ArticleHour.objects.order_by("-views").first()
    assert row.uniques <= row.views and row.reads <= row.timed <= row.views
    week = queries.compute_popular()["week"]
    assert set(week) <= {story.pk for story in stories} and week
    # The home page hour by hour, its section daily: the dashboard's other pages.
    assert PageHour.objects.filter(page=home).count() > 80 * 24 * 0.9
    assert 85 <= PageHour.objects.filter(page=section).count() <= 91
    assert demo.ensure(now) == 0
