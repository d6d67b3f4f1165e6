"""The members list in the admin: filters, search, CSV export, the member page."""

import datetime

import pytest
from django.utils import timezone

from masthead.members import services
from masthead.members.tests.factories import TierFactory, make_member
from masthead.users.tests.factories import SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/memberships/"


@pytest.fixture
def members():
    gold, silver = TierFactory(name="Gold"), TierFactory(name="Silver")
    now = timezone.now()
    ada = UserFactory(email="ada@example.org")
    make_member(
        ada,
        gold,
        at=now - datetime.timedelta(days=400),
        current_period_end=now + datetime.timedelta(days=200),
    )
    bob = UserFactory(email="bob@example.org")
    make_member(
        bob,
        silver,
        at=now - datetime.timedelta(days=10),
        current_period_end=now + datetime.timedelta(days=20),
        key="a",
    )
    services.do_mark_past_due(bob, key="b")
    eve = UserFactory(email="=HYPERLINK(evil)@example.org")
    make_member(
        eve,
        silver,
        at=now - datetime.timedelta(days=5),
        current_period_end=now + datetime.timedelta(days=25),
    )
    return {"gold": gold, "silver": silver, "ada": ada, "bob": bob, "eve": eve}


def listed(client, **params):
    html = client.get(URL, params).content.decode()
    return {name for name in ("ada@", "bob@", "evil)@") if name in html}


def test_staff_only(client, members):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory())
    assert client.get(URL).status_code in (302, 403)


def test_filters_and_search(client, members):
    client.force_login(SuperuserFactory())
    assert listed(client) == {"ada@", "bob@", "evil)@"}
    assert listed(client, tier=members["gold"].pk) == {"ada@"}
    assert listed(client, status="past_due") == {"bob@"}
    since = (timezone.now() - datetime.timedelta(days=30)).date().isoformat()
    assert listed(client, since=since) == {"bob@", "evil)@"}
    assert listed(client, lapsing="true") == {"bob@"}
    assert listed(client, q="ada") == {"ada@"}
    assert listed(client, q="person") == set()  # one word: addresses only
    assert listed(client, q="bob@example.org") == {"bob@"}


def test_csv_export_neutralises_formulas(client, members):
    client.force_login(SuperuserFactory())
    response = client.get(URL, {"export": "csv"})
    text = b"".join(response.streaming_content).decode()
    assert "'=hyperlink(evil)@example.org" in text
    assert "\n=hyperlink" not in text and ",=hyperlink" not in text
    assert "ada@example.org" in text


def test_member_page_shows_history_and_payments(client, members):
    client.force_login(SuperuserFactory())
    membership = members["bob"].membership
    html = client.get(f"{URL}inspect/{membership.pk}/").content.decode()
    assert "Status history" in html and "Past due" in html
    assert "Payments" in html and "Stripe events" in html


def test_tiers_are_a_snippet(client, members):
    client.force_login(SuperuserFactory())
    assert "Gold" in client.get("/admin/snippets/members/tier/").content.decode()
