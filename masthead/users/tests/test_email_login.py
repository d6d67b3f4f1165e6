"""People sign in with their email address; there is no username."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import FieldDoesNotExist

from masthead.users.tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_create_user_lowercases_the_email_and_has_no_username():
    user = User.objects.create_user("  Jane.Doe@Example.ORG", password="s3cret-pass")

    user.refresh_from_db()
    assert user.email == "jane.doe@example.org"
    assert User.USERNAME_FIELD == "email"
    with pytest.raises(FieldDoesNotExist):
        User._meta.get_field("username")
    assert not user.is_staff
    assert not user.is_superuser


def test_create_user_requires_an_email():
    with pytest.raises(ValueError):
        User.objects.create_user("", password="whatever")


def test_create_superuser_is_staff_and_superuser():
    admin = User.objects.create_superuser("Chief@Example.org", password="s3cret-pass")

    assert admin.email == "chief@example.org"
    assert admin.is_staff and admin.is_superuser


def test_the_same_address_in_other_case_is_the_same_account():
    UserFactory(email="reader@example.org")

    with pytest.raises(Exception):  # noqa: B017 - IntegrityError, whatever the database
        User.objects.create_user("READER@example.org", password="x")


def test_authenticate_by_email_in_any_case():
    user = UserFactory(email="olena@example.org")

    assert authenticate(email="olena@example.org", password=PASSWORD) == user
    assert authenticate(email="Olena@Example.org", password=PASSWORD) == user
    assert authenticate(username="OLENA@example.org", password=PASSWORD) == user
    assert authenticate(email="olena@example.org", password="wrong") is None
    assert authenticate(email="nobody@example.org", password=PASSWORD) is None


def test_admin_sign_in_form_takes_the_email(client):
    StaffFactory(email="editor@example.org", is_superuser=True)

    response = client.post(
        "/admin/login/", {"username": "Editor@Example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_sign_in_refuses_a_wrong_password(client):
    StaffFactory(email="editor@example.org", is_superuser=True)

    response = client.post("/admin/login/", {"username": "editor@example.org", "password": "no"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
