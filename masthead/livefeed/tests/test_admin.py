"""Editors post, correct and delete items from the "News feed" admin."""

import pytest
from django.urls import reverse

from masthead.livefeed.models import FeedChange, FeedItem
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

from .factories import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = StaffFactory(groups=[roles.EDITORS])
    client.force_login(user)
    return user


def form_data(**overrides):
    data = {
        "headline": "Ferry service resumes on the Arva",
        "body": '{"blocks":[{"key":"a","text":"Hourly from 7 AM.","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "image": "",
        "image_credit": "",
        "article": "",
        "tags": "Transport",
        "pinned": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_editor_posts_an_item_that_is_published_at_once(client, editor):
    listing = client.get(reverse("livefeed:index"))
    assert listing.status_code == 200
    response = client.post(reverse("livefeed:add"), form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    item = FeedItem.objects.get()
    assert item.headline == "Ferry service resumes on the Arva"
    assert item.body == "<p>Hourly from 7 AM.</p>"
    assert item.pinned and item.posted_by == editor
    assert list(item.tags.names()) == ["Transport"]
    assert FeedChange.objects.get().kind == "published"


def test_errors_show_beside_the_field_and_keep_the_text(client, editor):
    response = client.post(reverse("livefeed:add"), form_data(headline=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write a headline" in html
    assert "Hourly from 7 AM." in html
    assert not FeedItem.objects.exists()


def test_a_double_submission_is_caught(client, editor):
    client.post(reverse("livefeed:add"), form_data())
    response = client.post(reverse("livefeed:add"), form_data())
    assert response.status_code == 200
    assert "posted a moment ago" in response.content.decode()
    assert FeedItem.objects.count() == 1


def test_an_editor_corrects_and_deletes_an_item(client, editor):
    item = post("Ferry delayed", body="<p>By an hour.</p>")
    response = client.post(
        reverse("livefeed:edit", args=[item.pk]), form_data(headline="Ferry delayed by fog")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.headline == "Ferry delayed by fog" and item.updated_at is not None
    response = client.post(reverse("livefeed:delete", args=[item.pk]))
    assert response.status_code == 302
    assert not FeedItem.objects.exists()
    assert list(FeedChange.objects.values_list("kind", flat=True)) == [
        "published",
        "updated",
        "deleted",
    ]


def test_authors_cannot_post(client):
    client.force_login(StaffFactory(groups=[roles.AUTHORS]))
    response = client.post(reverse("livefeed:add"), form_data())
    assert response.status_code in (302, 403)
    assert not FeedItem.objects.exists()


def test_the_list_shows_breaking_and_pinned_as_status_tags_not_true_or_false(client, editor):
    from bs4 import BeautifulSoup

    post("Air raid alert lifted", breaking=True)
    post("How to read this feed", pinned=True)
    post("Ferry timetable unchanged")

    html = client.get(reverse("livefeed:index")).content.decode()
    rows = BeautifulSoup(html, "html.parser").select("tbody tr")
    cells = {
        " ".join(row.find("a").get_text().split()): [
            " ".join(td.get_text().split()) for td in row.find_all("td")
        ]
        for row in rows
    }
    assert "Breaking" in cells["Air raid alert lifted"]
    assert "Pinned" in cells["How to read this feed"]
    assert "Breaking" not in cells["Ferry timetable unchanged"]
    assert "Pinned" not in cells["Ferry timetable unchanged"]
    for texts in cells.values():
        assert "True" not in texts and "False" not in texts
    assert "w-status" in html
