"""Admin API news feed items: post, correct, delete (scope livefeed:write)."""

import pytest

from masthead.livefeed.models import FeedItem

from .admin_fixtures import ApiClient, make_key

pytestmark = pytest.mark.django_db

URL = "/api/v1/admin/feed-items/"


def test_post_update_delete(api, desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            URL,
            {
                "headline": "Air raid alert in Kharkiv",
                "body": "Residents are asked to go to shelters.<script>x()</script>",
                "tags": ["Kharkiv"],
                "breaking": True,
            },
        )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["breaking"] is True and data["tags"] == ["Kharkiv"]
    assert "script" not in data["body"]
    item = FeedItem.objects.get(pk=data["id"])
    assert item.posted_by == desk.editor
    assert data["updated_at"] is None

    corrected = api.patch(f"{URL}{item.pk}/", {"headline": "Air raid alert lifted in Kharkiv"})
    assert corrected.status_code == 200, corrected.json()
    assert corrected.json()["headline"] == "Air raid alert lifted in Kharkiv"
    assert corrected.json()["updated_at"] is not None
    assert corrected.json()["breaking"] is True

    deleted = api.delete(f"{URL}{item.pk}/")
    assert deleted.status_code == 204
    assert not FeedItem.objects.filter(pk=item.pk).exists()
    assert api.delete(f"{URL}{item.pk}/").status_code == 404


def test_validation_errors_name_the_field(api):
    response = api.post(URL, {"headline": "x" * 500})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "headline"]
    response = api.post(URL, {"headline": "Linked", "article": 999999})
    assert response.json()["detail"][0]["loc"] == ["body", "article"]


def test_idempotent_post(api):
    headers = {"Idempotency-Key": "feed-1"}
    first = api.post(URL, {"headline": "Power restored"}, headers)
    second = api.post(URL, {"headline": "Power restored"}, headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and second["Idempotent-Replayed"] == "true"
    assert FeedItem.objects.filter(headline="Power restored").count() == 1


def test_needs_the_livefeed_scope(desk):
    _key, token = make_key(desk.editor, scopes=["articles:write"])
    assert ApiClient(token).post(URL, {"headline": "No"}).status_code == 403
