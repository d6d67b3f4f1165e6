"""Most popular: by readers over 24 hours and 7 days, precomputed by the flush into a
fragment tagged `popular`, shown on home and article pages."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from masthead.analytics import queries, services, widgets
from masthead.analytics.models import ArticleDay, ArticleHour
from masthead.core import fragments
from masthead.core.tests.fixtures import module_data

from .factories import newsroom

pytestmark = pytest.mark.django_db

data = module_data(lambda: newsroom(articles=3))


def hours(article, readers, hours_ago=1, views=None):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(
        hours=hours_ago
    )
    ArticleHour.objects.create(hour=hour, article=article, views=views or readers, uniques=readers)
    ArticleDay.objects.update_or_create(
        day=hour.date(), article=article, defaults={"uniques": readers}
    )


def test_lists_rank_by_readers_over_the_day_and_the_week(data):
    one, two, three = data[3]
    hours(one, 50, hours_ago=30)  # yesterday: in the week only
    hours(two, 20, views=500)  # many views, fewer readers
    hours(three, 30)
    lists = queries.compute_popular()
    assert lists["day"] == [three.pk, two.pk]
    assert lists["week"][0] in (one.pk, three.pk)
    assert set(lists["week"]) == {one.pk, two.pk, three.pk}


def test_unpublished_articles_are_left_out(data):
    one = data[3][0]
    hours(one, 10)
    one.unpublish()
    assert one.pk not in queries.compute_popular()["day"]


def test_the_flush_bumps_only_the_popular_tag_and_only_on_a_change(data):
    one = data[3][0]
    hours(one, 10)
    with (
        mock.patch.object(fragments, "bump_tags") as bump,
        mock.patch.object(fragments, "bump") as everything,
    ):
        assert services.do_refresh_popular() is True
        assert services.do_refresh_popular() is False
    # The `popular` tag, and the home page's own path tag (its purge), nothing else.
    assert sorted(call.args for call in bump.call_args_list) == [("path:/",), ("popular",)]
    everything.assert_not_called()


def popular_section(client, url, variant="home"):
    page = client.get(url).content.decode()
    start = page.index(f'aria-labelledby="popular-heading-{variant}"')
    return page[start : page.index("</section>", start)]


def test_a_spike_shows_on_the_home_page_after_the_next_flush(data, client):
    one, two, _ = data[3]
    hours(one, 40)
    services.do_flush()
    listed = popular_section(client, "/")
    assert "Most popular" in listed and one.title in listed and two.title not in listed
    hours(two, 400, hours_ago=0)  # a spike this hour
    services.do_flush()
    listed = popular_section(client, "/")
    assert listed.index(two.title) < listed.index(one.title)


def test_article_pages_show_the_list(data, client):
    one, two, _ = data[3]
    hours(two, 5)
    services.do_flush()
    assert two.title in popular_section(client, one.url, "article")
    html = client.get(one.url).content.decode()
    assert f'data-article="{one.pk}"' in html  # the beacon knows the article
    assert f"/_/hit?a={one.pk}&amp;ns=1" in html  # and without JavaScript, the image


def test_the_widget_is_empty_without_figures(data):
    assert widgets.popular_html("home") == ""


def test_a_warm_render_of_the_lists_runs_no_query(data, rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    hours(data[3][0], 12)
    services.do_refresh_popular()

    def context():
        request = rf.get("/")
        request.user = AnonymousUser()
        return {"request": request}

    first = widgets.render_home_popular(context())  # each computes its fragment once
    article = widgets.render_article_popular(context())
    assert data[3][0].title in first and data[3][0].title in article
    with django_assert_num_queries(0):
        assert widgets.render_home_popular(context()) == first
        assert widgets.render_article_popular(context()) == article
