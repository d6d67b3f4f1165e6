"""Reader accounts: sign-in by emailed link, the account page, data export, deletion."""

import json
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from masthead.users import services
from masthead.users.models import ErasedAddress, User
from masthead.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+/account/sign-in/link/\?\S+")


def request_link(client, email, ip="203.0.113.7"):
    return client.post(reverse("users:sign-in"), {"email": email}, REMOTE_ADDR=ip)


def last_link():
    path = LINK.search(mail.outbox[-1].body).group(0)
    return path.split("testserver", 1)[-1] if "testserver" in path else "/" + path.split("/", 3)[3]


def query_of(url):
    from urllib.parse import parse_qs, urlsplit

    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def confirm(client, link):
    params = query_of(link)
    return client.post(reverse("users:sign-in-confirm"), params)


def test_the_answer_is_the_same_for_known_and_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = request_link(client, "known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = request_link(client, "nobody@example.org")

    def text(response):
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace("known@example.org", "X").replace("nobody@example.org", "X")

    assert known.status_code == unknown.status_code == 200
    assert text(known) == text(unknown)
    assert len(mail.outbox) == 2
    # a new address gets its account on confirm, not on request
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_the_link_page_signs_in_only_with_a_post_and_only_once(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        request_link(client, "reader@example.org")
    link = last_link()

    page = client.get(link)  # what a mail scanner does
    assert page.status_code == 200
    assert b"Sign in now" in page.content
    assert "_auth_user_id" not in client.session

    signed_in = confirm(client, link)
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"]

    client.logout()
    again = confirm(client, link)
    assert again.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_new_address_gets_its_account_on_confirm_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_link(client, "New.Reader@Example.org")
    link = last_link()
    assert confirm(client, link).status_code == 302
    user = User.objects.get(email="new.reader@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert confirm(client, link).status_code == 400
    assert User.objects.filter(email="new.reader@example.org").count() == 1


@pytest.mark.parametrize("email", ["known@example.org", "fresh@example.org"])
def test_links_expire_within_the_hour(client, email, django_capture_on_commit_callbacks):
    UserFactory(email="known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        request_link(client, email)
    link = last_link()
    later = time.time() + 3601
    with mock.patch("time.time", return_value=later):
        assert confirm(client, link).status_code == 400


def test_a_tampered_link_is_refused(client):
    assert client.post(reverse("users:sign-in-confirm"), {"t": "u.AAAA"}).status_code == 400
    assert client.post(reverse("users:sign-in-confirm"), {"t": "n.bogus"}).status_code == 400


def test_the_next_address_must_be_ours(client, django_capture_on_commit_callbacks):
    UserFactory(email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("users:sign-in"),
            {"email": "reader@example.org", "next": "https://evil.example/"},
        )
    response = confirm(client, last_link())
    assert response["Location"] == reverse("users:account")


@override_settings(SIGN_IN_RATE_PER_IP=(8, 43200), SIGN_IN_RATE_PER_ADDRESS=(4, 3600))
def test_requests_are_rate_limited_per_ip_and_per_address(client):
    for n in range(8):
        assert request_link(client, f"r{n}@example.org").status_code == 200
    assert request_link(client, "r9@example.org").status_code == 429
    for n in range(4):
        assert request_link(client, "same@example.org", ip=f"198.51.100.{n}").status_code == 200
    limited = request_link(client, "same@example.org", ip="198.51.100.99")
    assert limited.status_code == 429
    assert b"Too many" in limited.content


def test_a_bad_address_is_shown_beside_the_field_and_kept(client):
    response = client.post(reverse("users:sign-in"), {"email": "not-an-address"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'value="not-an-address"' in html


def test_the_account_page_is_per_reader_and_edits_the_display_name(client):
    user = UserFactory(email="reader@example.org")
    assert client.get(reverse("users:account")).status_code == 302
    client.force_login(user)
    page = client.get(reverse("users:account"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "private" in page["Cache-Control"]
    bad = client.post(reverse("users:account"), {"display_name": "<a href=x>spam</a>"})
    assert bad.status_code == 400
    assert "&lt;a href=x&gt;spam&lt;/a&gt;" in bad.content.decode()
    assert 'aria-invalid="true"' in bad.content.decode()
    good = client.post(reverse("users:account"), {"display_name": "  Ada   Q. Reader "})
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Ada Q. Reader"


def test_download_my_data_is_json_of_the_reader(client):
    user = UserFactory(email="reader@example.org", display_name="Ada")
    client.force_login(user)
    response = client.get(reverse("users:download-data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "reader@example.org"
    assert data["account"]["display_name"] == "Ada"
    assert "membership" in data and "payments" in data


def test_deleting_an_account_is_confirmed_by_email_and_leaves_only_a_hash(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="leaving@example.org", display_name="Leaver")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("users:delete"))
    assert User.objects.get(pk=user.pk).is_active  # nothing happens before the confirmation
    link = re.search(r"http://\S+/account/delete/confirm/\?\S+", mail.outbox[-1].body).group(0)
    token = query_of(link)["t"]
    assert client.get(reverse("users:delete-confirm"), {"t": token}).status_code == 200
    assert client.post(reverse("users:delete-confirm"), {"t": token}).status_code == 200

    user.refresh_from_db()
    assert not user.is_active and user.email.endswith("@invalid") and user.display_name == ""
    assert ErasedAddress.objects.filter(
        digest=services.address_digest("leaving@example.org")
    ).exists()
    assert not ErasedAddress.objects.filter(digest__contains="leaving").exists()
    # the address is never mailed again, and cannot make a new account
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert request_link(client, "leaving@example.org").status_code == 200
    assert len(mail.outbox) == sent
    # the link is spent
    assert client.post(reverse("users:delete-confirm"), {"t": token}).status_code == 400


def test_the_per_reader_endpoint_fills_the_account_place(client):
    anonymous = client.get(reverse("reader"), {"path": "/news/"})
    assert "no-store" in anonymous["Cache-Control"]
    data = anonymous.json()
    # an anonymous reader keeps the header's plain "Sign in" link (the part's fallback)
    assert data["signed_in"] is False and data["csrf"] is None
    assert "account" not in data["parts"]
    client.force_login(UserFactory(email="reader@example.org"))
    data = client.get(reverse("reader"), {"path": "/", "csrf": "1"}).json()
    assert data["signed_in"] is True and data["csrf"]
    html = data["parts"]["account"]["html"]
    assert "Your account" in html and "reader@example.org" in html and "Sign out" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_link_confirmed_twice_at_once_signs_in_once():
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("one writer at a time on SQLite: nothing runs at once")
    user = UserFactory(email="racer@example.org")
    token = services.sign_in_token(user.email)
    barrier, outcomes = threading.Barrier(4), []

    def confirm_once():
        try:
            barrier.wait()
            services.do_confirm_sign_in(token)
            outcomes.append("signed in")
        except services.InvalidLink:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 3 + ["signed in"]
