"""Admin sign-in is throttled per email and address (django-axes), with a clear message
and the same answers for an unknown email as for a real one (issue #12, finding 7)."""

import pytest
from django.test import Client

from masthead.users.tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _throttle_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def attempt(client, email, password=None):
    return client.post(LOGIN, {"username": email, "password": password or "not the password"})


def test_wrong_passwords_lock_out_that_email_from_that_address():
    editor = StaffFactory(groups=["Editors"], email="editor@example.org")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        assert attempt(client, editor.email).status_code == 200  # the form, with an error
    locked = attempt(client, editor.email)
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert "Retry-After" in locked
    # Even the right password is refused while the lock lasts.
    assert attempt(client, editor.email, PASSWORD).status_code == 429
    assert attempt(client, editor.email.upper(), PASSWORD).status_code == 429
    # Another address is not locked out of the same account.
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert attempt(other, editor.email, PASSWORD).status_code == 302


def test_an_unknown_email_gets_the_same_answers():
    StaffFactory(groups=["Editors"], email="real@example.org")
    real, unknown = Client(REMOTE_ADDR="203.0.113.8"), Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        first = attempt(real, "real@example.org")
        second = attempt(unknown, "nobody@example.org")
        assert first.status_code == second.status_code == 200
        assert first.context["form"].errors == second.context["form"].errors
    assert (
        attempt(real, "real@example.org").content == attempt(unknown, "nobody@example.org").content
    )
