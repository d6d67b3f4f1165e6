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
    User = members["ada"].__class__
    User.objects.filter(pk=members["ada"].pk).update(display_name="Ada Lovelace")
    assert listed(client, q="da lovel") == {"ada@"}  # words: anywhere in the name


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


def test_a_long_list_is_never_counted_past_the_cap(client, members, monkeypatch):
    """At a million members the count was most of the page's time: a filtered list
    counts at most cap + 1 rows, the whole list shows the planner's estimate."""
    from masthead.members import admin

    client.force_login(SuperuserFactory())
    monkeypatch.setattr(admin.CappedPaginator, "cap", 2)
    monkeypatch.setattr(admin.CappedPaginator, "per_page", 1, raising=False)
    html = client.get(URL, {"status": "active"}).content.decode()  # ada and eve: exact
    assert "2 memberships" in html and "More than" not in html
    html = client.get(URL, {"since": "2000-01-01"}).content.decode()  # three: capped
    assert "More than 2 members" in html and "There are more than 2 matches" in html
    monkeypatch.setattr(admin, "estimated_rows", lambda model: 1_000_000)
    html = client.get(URL).content.decode()
    assert "About 1,000,000 members" in html
    assert "Page 1 of 1" in html  # 50 a page, paging stops at the cap


def test_the_list_is_a_fixed_number_of_queries(client, members, django_assert_num_queries):
    """12 however many members: the session and the admin's own (sidebar, user), the
    filters' tiers, the capped count and one page with its readers and tiers joined."""
    client.force_login(SuperuserFactory())
    for n in range(20):
        make_member(UserFactory(email=f"more{n}@example.org"), members["gold"])
    client.get(URL)
    with django_assert_num_queries(12):
        assert client.get(URL, {"status": "active", "q": "more"}).status_code == 200
