"""Posting, correcting and deleting feed items through the services."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from masthead.livefeed import services
from masthead.livefeed.models import BODY_MAX, HEADLINE_MAX, FeedChange, FeedItem

from .factories import post

pytestmark = pytest.mark.django_db


def test_posting_publishes_at_once_and_records_the_change():
    item = post("Power restored to the eastern districts", tags=["Energy"], breaking=True)
    assert FeedItem.objects.get() == item
    assert list(item.tags.names()) == ["Energy"]
    change = FeedChange.objects.get()
    assert (change.item_id, change.kind) == (item.pk, "published")
    data = json.loads(change.payload)
    assert data["headline"] == "Power restored to the eastern districts"
    assert data["breaking"] is True
    assert f'id="item-{item.pk}"' in data["html"]
    assert "Power restored" in data["compact"]


@pytest.mark.parametrize("headline", ["", "   "])
def test_an_empty_headline_is_refused_with_a_clear_message(headline):
    with pytest.raises(ValidationError) as caught:
        services.do_post_item(headline=headline, body="<p>text</p>")
    assert "headline" in caught.value.message_dict
    assert "Write a headline" in caught.value.message_dict["headline"][0]
    assert not FeedItem.objects.exists() and not FeedChange.objects.exists()


def test_length_limits_are_explained():
    with pytest.raises(ValidationError) as caught:
        services.do_post_item(
            headline="x" * (HEADLINE_MAX + 1), body="<p>" + "y" * (BODY_MAX + 5) + "</p>"
        )
    errors = caught.value.message_dict
    assert f"{HEADLINE_MAX} characters" in errors["headline"][0]
    assert f"{BODY_MAX} characters" in errors["body"][0]


def test_a_double_submission_within_seconds_is_caught_but_a_repeat_later_is_not():
    post("Curfew extended to 23:00", body="<p>Until Sunday.</p>")
    with pytest.raises(ValidationError) as caught:
        post("Curfew extended to 23:00", body="<p>Until Sunday.</p>")
    assert "posted a moment ago" in caught.value.message_dict["headline"][0]
    FeedItem.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    post("Curfew extended to 23:00", body="<p>Until Sunday.</p>")
    assert FeedItem.objects.count() == 2


def test_the_body_is_sanitised():
    item = post(
        "Sanitised",
        body='<p onclick="x()">Hi <strong>bold</strong> <a href="javascript:alert(1)">bad</a> '
        '<a href="https://example.org/x" target="_blank">good</a><script>alert(1)</script>'
        "<img src=x onerror=y></p><h1>big</h1>",
    )
    assert "onclick" not in item.body and "script" not in item.body and "<img" not in item.body
    assert "javascript:" not in item.body and "<h1>" not in item.body
    assert "<strong>bold</strong>" in item.body
    assert '<a href="https://example.org/x">good</a>' in item.body


def test_plain_text_becomes_paragraphs():
    item = post("Plain", body="First line.\n\nSecond line & more.")
    assert item.body == "<p>First line.</p><p>Second line &amp; more.</p>"


def test_a_correction_shows_updated_and_pinning_alone_does_not():
    item = post("Bridge closed", minutes_ago=10)
    item = services.do_update_item(item, pinned=True)
    assert item.updated_at is None and item.pinned
    item = services.do_update_item(item, headline="Bridge closed to lorries")
    assert item.updated_at is not None
    assert FeedItem.objects.get().headline == "Bridge closed to lorries"
    kinds = list(FeedChange.objects.values_list("kind", flat=True))
    assert kinds == ["published", "updated", "updated"]
    assert "Updated" in json.loads(FeedChange.objects.last().payload)["html"]


def test_an_update_is_validated_too():
    item = post("Valid")
    with pytest.raises(ValidationError):
        services.do_update_item(item, headline="")
    assert FeedItem.objects.get().headline == "Valid"


def test_unknown_fields_are_a_programming_error():
    item = post("Valid")
    with pytest.raises(TypeError):
        services.do_update_item(item, colour="red")


def test_delete_removes_the_item_and_records_the_change():
    item = post("To go")
    services.do_delete_item(item)
    assert not FeedItem.objects.exists()
    assert list(FeedChange.objects.values_list("kind", "item_id")) == [
        ("published", item.pk),
        ("deleted", item.pk),
    ]


def test_changes_purge_the_pages_that_show_the_feed(
    django_capture_on_commit_callbacks, monkeypatch
):
    purged = []
    monkeypatch.setattr(services.pagecache, "purge", lambda paths: purged.extend(paths))
    with django_capture_on_commit_callbacks(execute=True):
        post("Purge me")
    assert "/" in purged
    assert not [path for path in purged if path.startswith("/live/")]
