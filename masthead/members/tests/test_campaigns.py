"""Campaign meters and the supporter total: counted once in the transaction that counts,
shown from fragments (no query when warm), bumped by tag only."""

import datetime

import pytest
from django.db import transaction
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone

from masthead.core import fragments
from masthead.members import campaigns, services
from masthead.members.models import Campaign, FundingCounter, Membership, Supporter
from masthead.members.tests.factories import TierFactory, make_member
from masthead.users.tests.factories import UserFactory

from .funding_factories import make_campaign

pytestmark = pytest.mark.django_db


def anonymous_request():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


@pytest.fixture
def bumped(monkeypatch):
    """The tags bumped after commit, in order."""
    seen = []
    original = fragments.bump_tags

    def record(*tags):
        seen.extend(tags)
        original(*tags)

    monkeypatch.setattr(fragments, "bump_tags", record)
    return seen


def test_a_join_counts_once_in_the_campaign_and_the_supporter_total(
    django_capture_on_commit_callbacks, bumped
):
    campaign = make_campaign()
    other = make_campaign(goal_kind=Campaign.Goal.AMOUNT, currency="eur", goal=5000)
    user, tier = UserFactory(), TierFactory()
    with django_capture_on_commit_callbacks(execute=True):
        make_member(user, tier, key="evt_1")
        make_member(user, tier, key="evt_1")  # a replay
        services.do_lapse(user, key="evt_2")
        make_member(user, tier, key="evt_3")  # back after lapsing: still one person
    campaign.refresh_from_db()
    assert campaign.count == 1
    assert campaigns.supporter_total() == 1
    assert Supporter.objects.get().kind == Supporter.Kind.MEMBER
    assert f"campaign:{campaign.pk}" in bumped and "supporters" in bumped
    assert f"campaign:{other.pk}" not in bumped  # an amount campaign: a join is no money
    assert not any(tag.startswith(("article:", "section:", "home")) for tag in bumped)


def test_joins_outside_the_window_and_rolled_back_joins_count_nothing():
    now = timezone.now()
    ended = make_campaign(
        starts_at=now - datetime.timedelta(days=30), ends_at=now - datetime.timedelta(days=1)
    )
    running = make_campaign()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_member(UserFactory())
        raise RuntimeError("the payment's transaction failed")
    make_member(UserFactory())
    ended.refresh_from_db()
    running.refresh_from_db()
    assert (ended.count, running.count) == (0, 1)
    assert FundingCounter.objects.get(name="supporters").value == 1


def test_donors_count_as_supporters_and_money_in_its_own_currency():
    supporters = make_campaign(goal_kind=Campaign.Goal.SUPPORTERS, goal=100)
    members_only = make_campaign()
    euros = make_campaign(goal_kind=Campaign.Goal.AMOUNT, currency="eur", goal=1000)
    dollars = make_campaign(goal_kind=Campaign.Goal.AMOUNT, currency="usd", goal=1000)
    for _ in range(2):  # a replayed webhook
        campaigns.do_count_donation(
            email="Giver@Example.org", key="donation:cs_1", amount=2500, currency="eur"
        )
    campaigns.do_count_donation(
        email="giver@example.org", key="donation:cs_2", amount=1000, currency="eur"
    )
    make_member(UserFactory(email="giver@example.org"))  # a donor who joins: one supporter
    for campaign in (supporters, members_only, euros, dollars):
        campaign.refresh_from_db()
    assert supporters.count == 1
    assert members_only.count == 1
    assert euros.count == 3500 and dollars.count == 0
    assert campaigns.progress(euros).current == 35
    assert campaigns.supporter_total() == 1


def test_the_meter_shows_bar_count_percent_days_left_and_message():
    now = timezone.now()
    campaign = make_campaign(offset=600, ends_at=now + datetime.timedelta(days=12, hours=3))
    for _ in range(67):
        make_member(UserFactory())
    html = campaigns.render_meter(anonymous_request(), campaign.pk)
    assert '<progress class="campaign-meter__bar"' in html
    assert 'max="1000" value="667"' in html
    assert "667 of 1,000 (66%)" in html
    assert "13 days left" in html
    assert "Goal: 1,000 new members for our birthday" in html
    assert f'aria-labelledby="campaign-{campaign.pk}-title"' in html


def test_an_ended_campaign_keeps_its_final_figures_and_thanks():
    now = timezone.now()
    campaign = make_campaign(
        offset=1137,
        starts_at=now - datetime.timedelta(days=40),
        ends_at=now - datetime.timedelta(days=2),
    )
    make_member(UserFactory())  # after the end: not counted
    request = anonymous_request()
    assert campaigns.shown_campaigns(request) == [campaign.pk]
    html = campaigns.render_meters(request)
    assert "Thank you: 1,137 of 1,000" in html
    assert 'value="1000"' in html  # a full bar, never past its end
    later = now + datetime.timedelta(days=30)
    assert campaigns.shown_campaigns(anonymous_request(), now=later) == []


def test_a_warm_meter_and_total_run_no_query_and_a_join_shows_at_once(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    campaign = make_campaign(goal_kind=Campaign.Goal.SUPPORTERS, goal=10)
    make_member(UserFactory())
    template = Template("{% load funding %}{% campaign_meters %} {% supporter_count %} supporters")
    cold = template.render(Context({"request": anonymous_request()}))
    assert "1 of 10 (10%)" in cold and "1 supporters" in cold
    with django_assert_num_queries(0):
        warm = template.render(Context({"request": anonymous_request()}))
    assert warm == cold
    with django_capture_on_commit_callbacks(execute=True):
        make_member(UserFactory())
    fresh = template.render(Context({"request": anonymous_request()}))
    assert "2 of 10 (20%)" in fresh and "2 supporters" in fresh
    campaign.refresh_from_db()
    assert campaign.count == 2


def test_the_slots_and_the_reader_part_carry_the_meter(client):
    campaign = make_campaign()
    make_member(UserFactory())
    from masthead.core import slots

    html = slots.render("article.membership", {"request": anonymous_request()})
    assert 'data-reader-part="funding" data-reader-anonymous' in html
    assert f"campaign-{campaign.pk}-title" in html
    assert "Gift membership" in html and "/donate/" in html
    answer = Client().get("/_/reader.json?path=/&page=").json()
    assert "1 of 1,000" in answer["parts"]["funding"]["html"]


def test_the_membership_page_shows_the_meter_and_offers_donations_and_gifts(client):
    make_campaign()
    page = client.get("/membership/").content.decode()
    assert "Goal: 1,000 new members for our birthday" in page
    assert 'action="/donate/"' in page and 'href="/membership/gift/"' in page


def test_recount_repairs_counters_and_adds_earlier_members():
    campaign = make_campaign()
    user = UserFactory()
    Membership.objects.create(
        user=user,
        status=Membership.Status.ACTIVE,
        source=Membership.Source.MANUAL,
        started_at=timezone.now(),
        state_at=timezone.now(),
    )  # imported before counting existed: no change row, not counted
    make_member(UserFactory())
    Campaign.objects.filter(pk=campaign.pk).update(count=99)
    FundingCounter.objects.update(value=0)
    assert campaigns.do_recount() == 2
    assert campaigns.do_recount() == 2  # idempotent
    campaign.refresh_from_db()
    assert campaign.count == 1
    assert campaigns.supporter_total() == 2


def test_the_reader_part_never_queries_and_a_payment_warms_it_at_once(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    make_campaign(goal_kind=Campaign.Goal.SUPPORTERS, goal=10)
    with django_assert_num_queries(0):  # cold: nothing yet, the page keeps its meter
        assert "funding" not in Client().get("/_/reader.json?path=/").json()["parts"]
    with django_capture_on_commit_callbacks(execute=True):
        make_member(UserFactory())  # after commit: tags bumped, fragments computed again
    with django_assert_num_queries(0):
        html = Client().get("/_/reader.json?path=/").json()["parts"]["funding"]["html"]
    assert "1 of 10 (10%)" in html and "1 supporter" in html
