"""API keys: created in the admin and shown once, hashed at rest, scoped, revocable, with
their last use recorded; the write rate limit per key."""

import datetime
import hashlib
import re

import pytest
from django.test import Client
from django.utils import timezone

from masthead.api import services
from masthead.api.models import ApiKey
from masthead.users.tests.factories import PASSWORD, UserFactory

from .admin_fixtures import ApiClient, make_key

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/admin/articles/"


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    assert client.login(email=user.email, password=PASSWORD)
    return client


def csrf(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)[1].decode()


def test_editor_creates_a_key_shown_once_and_stored_hashed(desk):
    client = signed_in(desk.editor)
    index = client.get("/admin/api-keys/")
    assert index.status_code == 200
    menu = client.get("/admin/").content.decode()
    assert "/admin/api-keys/" in menu
    token = csrf(client, "/admin/api-keys/add/")
    response = client.post(
        "/admin/api-keys/add/",
        {
            "name": "Wire importer",
            "scopes": ["articles:write", "images:write"],
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r"mh_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}", response.content.decode())[0]
    key = ApiKey.objects.get(name="Wire importer")
    assert key.created_by == desk.editor
    assert key.scopes == ["articles:write", "images:write"]
    # Only a hash is stored; the list shows the prefix, never the secret.
    assert secret.split("_", 2)[2] not in str(ApiKey.objects.filter(pk=key.pk).values().get())
    assert key.hashed_secret == hashlib.sha256(secret.split("_", 2)[2].encode()).hexdigest()
    listing = client.get("/admin/api-keys/").content.decode()
    assert f"mh_{key.prefix}_" in listing and secret not in listing
    # The key works.
    assert ApiClient(secret).get(f"{ARTICLES}999999/").status_code == 404


def test_form_errors_are_shown(desk):
    client = signed_in(desk.editor)
    token = csrf(client, "/admin/api-keys/add/")
    response = client.post("/admin/api-keys/add/", {"name": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert b"error-message" in response.content
    assert not ApiKey.objects.exists()


def test_revoking_needs_a_post_and_then_the_key_gets_401(desk):
    key, token = make_key(desk.editor)
    api = ApiClient(token)
    assert api.get(f"{ARTICLES}999999/").status_code == 404
    client = signed_in(desk.editor)
    url = f"/admin/api-keys/{key.pk}/revoke/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and b"cannot be undone" in confirm.content
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None
    # Without the CSRF token the POST is refused.
    assert client.post(url).status_code == 403
    response = client.post(url, {"csrfmiddlewaretoken": csrf(client, url)})
    assert response.status_code == 302
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    refused = api.get(f"{ARTICLES}999999/")
    assert refused.status_code == 401
    assert refused.json() == {"detail": "This API key has been revoked."}


def test_only_editors_and_superusers_manage_keys(desk):
    for user in (desk.writer, UserFactory(is_staff=True)):
        client = Client()
        client.force_login(user)
        assert client.get("/admin/api-keys/").status_code in (302, 403)
        assert "/admin/api-keys/" not in client.get("/admin/").content.decode()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    assert client.get("/admin/api-keys/add/").status_code == 200


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (None, "Unauthorized"),
        ("Bearer nonsense", "The API key is malformed or unknown."),
        ("Bearer mh_00000000_wrongsecret", "The API key is malformed or unknown."),
        ("Basic dXNlcjpwYXNz", "The API key is malformed or unknown."),
    ],
)
def test_missing_or_bad_keys_get_401_json(desk, header, detail):
    client = Client()
    headers = {"Authorization": header} if header else {}
    response = client.post(ARTICLES, "{}", content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": detail}


def test_a_wrong_secret_for_a_real_prefix_is_401(desk):
    key, token = make_key(desk.editor)
    response = ApiClient(token[:-2] + "xx").get(f"{ARTICLES}1/")
    assert response.status_code == 401


def test_missing_scope_is_403_json(desk):
    _key, token = make_key(desk.editor, scopes=["livefeed:write"])
    response = ApiClient(token).post(ARTICLES, {"headline": "x", "section": "war"})
    assert response.status_code == 403
    assert response.json() == {"detail": "This API key lacks the articles:write scope."}
    upload = ApiClient(token).upload("/api/v1/admin/images/", {"url": "http://127.0.0.1/x.png"})
    assert upload.status_code == 403


def test_last_used_is_recorded_at_most_once_a_minute(desk):
    key, token = make_key(desk.editor)
    assert key.last_used_at is None
    api = ApiClient(token)
    api.get(f"{ARTICLES}999999/")
    first = ApiKey.objects.get(pk=key.pk).last_used_at
    assert first is not None
    api.get(f"{ARTICLES}999999/")
    assert ApiKey.objects.get(pk=key.pk).last_used_at == first
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    api.get(f"{ARTICLES}999999/")
    assert ApiKey.objects.get(pk=key.pk).last_used_at > first - datetime.timedelta(seconds=1)


def test_a_key_of_a_deactivated_user_is_401(desk):
    user = UserFactory(groups=["Editors"], is_staff=True)
    _key, token = make_key(user)
    user.is_active = False
    user.save()
    assert ApiClient(token).get(f"{ARTICLES}1/").status_code == 401


def test_unknown_scopes_are_refused(desk):
    with pytest.raises(ValueError, match="webhooks"):
        services.do_create_api_key(name="x", scopes=["webhooks"], created_by=desk.editor)


def test_writes_are_rate_limited_per_key_with_retry_after(desk, settings):
    settings.API_WRITE_RATE_LIMIT = 3
    settings.API_WRITE_RATE_WINDOW = 3600
    _key, token = make_key(desk.editor)
    api = ApiClient(token)
    for _ in range(3):
        assert api.post(ARTICLES, {"headline": "x", "section": "nowhere"}).status_code == 422
    limited = api.post(ARTICLES, {"headline": "x", "section": "nowhere"})
    assert limited.status_code == 429
    assert limited.json() == {"detail": "Too many requests."}
    assert 1 <= int(limited["Retry-After"]) <= 3600
    # Reads are not counted, and another key has its own budget.
    assert api.get(f"{ARTICLES}999999/").status_code == 404
    _other, other_token = make_key(desk.editor)
    assert ApiClient(other_token).post(ARTICLES, {"headline": "x"}).status_code == 422


def test_revoke_is_final(desk):
    key, _token = make_key(desk.editor)
    services.do_revoke_api_key(key)
    when = key.revoked_at
    services.do_revoke_api_key(key)
    assert ApiKey.objects.get(pk=key.pk).revoked_at == when
    assert when <= timezone.now()
