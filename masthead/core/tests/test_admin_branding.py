"""The admin carries the outlet's name and logo, and loads nothing from third parties."""

import pytest
from django.urls import reverse

from masthead.core.tests.html import soup, text
from masthead.users.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_names_the_outlet_not_wagtail(client, newsroom):
    page = soup(client.get(reverse("wagtailadmin_login")))

    assert text(page.find("h1")) == "Sign in to The Meridian Ledger"
    assert "Wagtail" not in text(page.find("title"))
    assert "The Meridian Ledger" in text(page.select_one(".login-logo"))
    assert page.select_one(".login-logo img")["src"].endswith("icon.svg")


def test_admin_pages_show_no_avatar_from_gravatar(client, newsroom):
    client.force_login(StaffFactory(is_superuser=True))

    for name in ("wagtailadmin_home", "wagtailadmin_account"):
        html = client.get(reverse(name)).content.decode()
        assert "gravatar.com" not in html, name
    home = soup(client.get(reverse("wagtailadmin_home")))
    assert "The Meridian Ledger" in text(home.find("title"))
