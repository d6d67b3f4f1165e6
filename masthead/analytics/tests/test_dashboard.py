"""The dashboard and an article's figures: editors see all, authors their own articles."""

import datetime

import pytest
from django.utils import timezone

from masthead.analytics.models import ArticleDay, ArticleHour, Breakdown, Conversion
from masthead.articles.tests.factories import ArticlePageFactory
from masthead.core.tests.fixtures import module_data
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

from .factories import newsroom

pytestmark = pytest.mark.django_db


def build():
    home, section, author, (own, other) = newsroom(articles=2)
    ArticlePageFactory(parent=section, title="No figures yet", slug="quiet")
    writer = StaffFactory(groups=[roles.AUTHORS])
    author.user = writer
    author.save()
    other.article_authors.all().delete()
    editor = StaffFactory(groups=[roles.EDITORS])
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=2)
    for article, views in ((own, 120), (other, 340)):
        ArticleHour.objects.create(
            hour=hour,
            article=article,
            views=views,
            uniques=views // 2,
            reads=10,
            timed=20,
            seconds=1200,
        )
        ArticleDay.objects.create(day=hour.date(), article=article, uniques=views // 2)
        Breakdown.objects.create(
            hour=hour, article=article, kind="r", value=f"ref-{views}.example", views=views
        )
    Conversion.objects.create(at=hour, kind="signup", article=own, referrer="ref-120.example")
    Conversion.objects.create(at=hour, kind="membership", article=other, campaign="birthday")
    return own, other, writer, editor


data = module_data(build)


def test_an_editor_sees_every_article(data, client):
    own, other, _writer, editor = data
    client.force_login(editor)
    page = client.get("/admin/analytics/?days=7").content.decode()
    assert own.title in page and other.title in page
    assert "ref-340.example" in page and "birthday" in page
    assert "<svg" in page and "<table" in page  # a chart with its data table


def test_an_author_sees_only_their_own_articles(data, client):
    own, other, writer, _editor = data
    client.force_login(writer)
    page = client.get("/admin/analytics/").content.decode()
    assert own.title in page and other.title not in page
    assert "ref-340.example" not in page
    assert client.get(f"/admin/analytics/articles/{own.pk}/").status_code == 200
    refused = client.get(f"/admin/analytics/articles/{other.pk}/")
    assert (refused.status_code, refused.get("Location")) == (
        302,
        "/admin/",
    )  # Wagtail's "no permission"


def test_charts_export_csv(data, client):
    _own, _other, _writer, editor = data
    client.force_login(editor)
    response = client.get("/admin/analytics/?csv=views-and-readers")
    assert response["Content-Type"].startswith("text/csv")
    assert b"Views" in response.content and b"460" in response.content


def test_the_article_editor_shows_its_figures(data, client):
    own, _other, writer, _editor = data
    client.force_login(writer)
    page = client.get(f"/admin/pages/{own.pk}/edit/").content.decode()
    assert "All figures of this article" in page and "120" in page


def test_readers_cannot_open_the_dashboard(data, client):
    assert client.get("/admin/analytics/").status_code == 302


def test_the_running_campaign_shows_its_progress(data, client):
    from masthead.members.tests.funding_factories import make_campaign

    _own, _other, writer, editor = data
    make_campaign(title="Third birthday drive", goal=1000, offset=667)
    client.force_login(editor)
    page = client.get("/admin/analytics/").content.decode()
    assert "Third birthday drive" in page and "667" in page and "66%" in page
    assert "/admin/funding/reports/" in page
    client.force_login(writer)  # the meter is public; the money reports are not theirs
    page = client.get("/admin/analytics/").content.decode()
    assert "Third birthday drive" in page and "/admin/funding/reports/" not in page
