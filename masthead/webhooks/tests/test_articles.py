"""Publishing, republishing and unpublishing an article through Wagtail's revisions send
article.published, article.updated and article.unpublished to subscribed endpoints."""

import uuid

import pytest

from masthead.webhooks import services, signing
from masthead.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_first_publish_sends_article_published_signed(
    desk, endpoint, receiver, django_capture_on_commit_callbacks
):
    page = desk.article(publish=False)
    publish(page, django_capture_on_commit_callbacks)

    assert receiver.events() == ["article.published"]
    request = receiver.requests[0]
    headers = request["headers"]
    assert headers["Masthead-Event"] == "article.published"
    assert headers["Content-Type"] == "application/json"
    assert int(headers["Masthead-Timestamp"]) > 0
    assert headers["Masthead-Signature"].startswith(f"t={headers['Masthead-Timestamp']},v1=")
    endpoint.refresh_from_db()
    assert signing.verify(endpoint.secret, headers["Masthead-Signature"], request["body"])
    assert not signing.verify("whsec_wrong", headers["Masthead-Signature"], request["body"])
    assert not signing.verify(
        endpoint.secret, headers["Masthead-Signature"], request["body"] + b" "
    )

    payload = receiver.payloads()[0]
    assert payload["id"] == headers["Masthead-Delivery"]
    uuid.UUID(payload["id"])
    assert payload["event"] == "article.published" and payload["created_at"]
    article = payload["data"]["article"]
    assert article["id"] == page.pk
    assert article["url"] == page.full_url and article["url"].startswith("http")
    assert article["headline"] == "Bridge reopens"
    assert article["standfirst"] == "Traffic returned."
    assert article["section"]["title"] == "War"
    assert [author["name"] for author in article["authors"]] == ["Olena Kovalenko"]
    assert article["tags"] == ["bridges", "kyiv"]
    assert article["published_at"] == page.published_at.isoformat()

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempts == 1 and delivery.last_status_code == 200
    assert str(delivery.event_id) == payload["id"]


def test_republishing_sends_article_updated_and_unpublishing_article_unpublished(
    desk, endpoint, receiver, django_capture_on_commit_callbacks
):
    page = desk.article(publish=False)
    publish(page, django_capture_on_commit_callbacks)

    page.title = "Bridge reopens to lorries"
    publish(page, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    # Public again after being taken down: receivers see it published, not updated.
    publish(page, django_capture_on_commit_callbacks)

    assert receiver.events() == [
        "article.published",
        "article.updated",
        "article.unpublished",
        "article.published",
    ]
    assert receiver.payloads()[1]["data"]["article"]["headline"] == "Bridge reopens to lorries"
    ids = {payload["id"] for payload in receiver.payloads()}
    assert len(ids) == 4  # each event has its own id


def test_deleting_a_public_article_sends_article_unpublished(
    desk, endpoint, receiver, django_capture_on_commit_callbacks
):
    page = desk.article(publish=False)
    publish(page, django_capture_on_commit_callbacks)
    draft = desk.article(publish=False, title="Never published", slug="never")
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
        draft.delete()
    assert receiver.events() == ["article.published", "article.unpublished"]
    assert receiver.payloads()[1]["data"]["article"]["headline"] == "Bridge reopens"


def test_only_subscribed_events_are_sent(desk, receiver, django_capture_on_commit_callbacks):
    services.do_create_endpoint(url=receiver.url, events=["article.unpublished"])
    page = desk.article(publish=False)
    publish(page, django_capture_on_commit_callbacks)
    publish(page, django_capture_on_commit_callbacks)
    assert receiver.events() == []

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert receiver.events() == ["article.unpublished"]
    assert WebhookDelivery.objects.count() == 1


def test_disabled_endpoints_get_nothing(
    desk, endpoint, receiver, django_capture_on_commit_callbacks
):
    services.do_disable(endpoint)
    desk_page = desk.article(publish=False)
    publish(desk_page, django_capture_on_commit_callbacks)
    assert receiver.events() == []
    assert not WebhookDelivery.objects.exists()


def test_nothing_is_sent_when_the_publish_rolls_back(desk, endpoint, receiver):
    # Without the on-commit callbacks running (a rolled-back transaction), nothing leaves.
    page = desk.article(publish=False)
    page.save_revision().publish()
    assert receiver.events() == []
    assert not WebhookDelivery.objects.exists()


def test_a_scheduled_first_publish_sends_nothing_until_it_goes_live(
    desk, endpoint, receiver, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    page = desk.article(publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    publish(page, django_capture_on_commit_callbacks)
    assert not page.live
    assert receiver.events() == []


def test_emit_refuses_unregistered_events(db):
    with pytest.raises(ValueError):
        services.emit("article.exploded", {})
