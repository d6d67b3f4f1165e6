"""What editors see and do under Settings → Webhooks: create, edit, the secret (reveal,
rotate), ping, enable/disable, the delivery log and the notice about disabled endpoints."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from masthead.core.tests.html import soup, text
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory
from masthead.webhooks import services
from masthead.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = StaffFactory(groups=[roles.EDITORS])
    client.force_login(user)
    return user


def test_only_editors_and_superusers_manage_webhooks(client, endpoint):
    author = StaffFactory(groups=[roles.AUTHORS])
    client.force_login(author)
    for url in (
        reverse("webhooks:index"),
        reverse("webhooks:add"),
        reverse("webhooks:endpoint", args=[endpoint.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert client.post(reverse("webhooks:rotate", args=[endpoint.pk])).status_code in (302, 403)

    client.force_login(StaffFactory(groups=[roles.EDITORS]))
    assert client.get(reverse("webhooks:index")).status_code == 200
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get(reverse("webhooks:index")).status_code == 200


def test_the_settings_menu_lists_webhooks(client, editor):
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("webhooks:index") in response.content.decode()


def test_an_editor_creates_an_endpoint_and_sees_its_secret(client, editor, receiver):
    form = client.get(reverse("webhooks:add"))
    boxes = soup(form).select('input[type="checkbox"][name="events"]')
    assert {box["value"] for box in boxes} >= {
        "article.published",
        "article.updated",
        "article.unpublished",
    }

    response = client.post(
        reverse("webhooks:add"),
        {
            "url": receiver.url,
            "description": "Partner site",
            "events": ["article.published", "article.unpublished"],
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("webhooks:endpoint", args=[endpoint.pk])
    assert endpoint.events == ["article.published", "article.unpublished"]
    assert endpoint.created_by == editor and endpoint.active
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 30
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(endpoint.pk), user=editor
    ).exists()

    page = client.get(response.url)
    assert endpoint.secret not in page.content.decode()  # masked until revealed
    revealed = client.post(response.url, {"action": "reveal"})
    assert endpoint.secret in text(soup(revealed).select_one(".webhook-secret"))


def test_the_form_refuses_non_http_urls(client, editor):
    response = client.post(
        reverse("webhooks:add"),
        {"url": "ftp://example.org/hook", "events": ["article.published"]},
    )
    assert response.status_code == 200
    assert not WebhookEndpoint.objects.exists()


def test_an_editor_edits_the_events(client, editor, endpoint):
    response = client.post(
        reverse("webhooks:edit", args=[endpoint.pk]),
        {"url": endpoint.url, "description": "Renamed", "events": ["article.updated"]},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["article.updated"] and endpoint.description == "Renamed"


def test_rotating_shows_the_new_secret(client, editor, endpoint):
    old = endpoint.secret
    response = client.post(reverse("webhooks:rotate", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert text(soup(response).select_one(".webhook-secret")) == endpoint.secret


def test_a_test_ping_is_sent_and_logged(
    client, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webhooks:ping", args=[endpoint.pk]))
    assert response.status_code == 302
    assert receiver.events() == ["ping"]

    log = client.get(reverse("webhooks:endpoint", args=[endpoint.pk]))
    rows = [text(row) for row in soup(log).select("tr.webhook-delivery")]
    assert len(rows) == 1 and "ping" in rows[0] and "Succeeded" in rows[0] and "200" in rows[0]

    delivery = WebhookDelivery.objects.get()
    detail = client.get(reverse("webhooks:delivery", args=[endpoint.pk, delivery.pk]))
    assert str(delivery.event_id) in text(soup(detail).select_one(".webhook-payload"))


def test_the_log_is_newest_first(
    client, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    for event in ("article.published", "article.updated"):
        with django_capture_on_commit_callbacks(execute=True):
            services.emit(event, {"article": {"id": 1}})
    log = client.get(reverse("webhooks:endpoint", args=[endpoint.pk]))
    rows = [text(row) for row in soup(log).select("tr.webhook-delivery")]
    assert "article.updated" in rows[0] and "article.published" in rows[1]


def test_a_disabled_endpoint_shows_a_notice_and_can_be_enabled(client, editor, endpoint):
    services.do_disable(
        endpoint, reason="A article.published delivery was abandoned after 10 attempts."
    )

    index = client.get(reverse("webhooks:index"))
    assert "is disabled: A article.published delivery was abandoned" in text(soup(index))
    home = client.get(reverse("wagtailadmin_home"))
    panel = soup(home).select_one("#disabled-webhooks-section")
    assert panel is not None and "Partner site" in text(panel)
    page = client.get(reverse("webhooks:endpoint", args=[endpoint.pk]))
    assert "This endpoint is disabled." in text(soup(page))

    response = client.post(reverse("webhooks:enable", args=[endpoint.pk]))
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.active and not endpoint.disabled_reason
    home = client.get(reverse("wagtailadmin_home"))
    assert soup(home).select_one("#disabled-webhooks-section") is None


def test_an_editor_disables_an_endpoint(client, editor, endpoint):
    client.post(reverse("webhooks:disable", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert (
        not endpoint.active
        and editor.email in endpoint.disabled_reason
        or (editor.get_full_name() in endpoint.disabled_reason)
    )


def test_rotate_enable_disable_and_ping_need_post(client, editor, endpoint):
    for name in ("rotate", "enable", "disable", "ping"):
        assert client.get(reverse(f"webhooks:{name}", args=[endpoint.pk])).status_code == 405
