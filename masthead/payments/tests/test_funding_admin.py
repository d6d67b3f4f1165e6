"""Campaigns, gifts, donations and the funding reports in the admin."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from masthead.members import campaigns, gifts
from masthead.members.models import Campaign
from masthead.members.tests.factories import TierFactory, make_member
from masthead.members.tests.funding_factories import make_campaign
from masthead.payments.donations import do_record_donation
from masthead.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(groups=["Editors"])
    client.force_login(user)
    return user


def paid_gift(tier, **fields):
    gift = gifts.do_create_gift(
        tier=tier,
        months=12,
        recipient_name=fields.pop("recipient_name", "Olena"),
        recipient_email=fields.pop("recipient_email", "olena@example.org"),
        buyer_email="taras@example.org",
        **fields,
    )
    return gifts.do_mark_gift_paid(gift.pk, session_id=f"cs_{gift.pk}", payment_ref=f"pi_{gift.pk}")


def test_an_editor_creates_a_campaign_and_its_meter_shows(client, editor):
    now = timezone.localtime()
    response = client.post(
        "/admin/campaigns/new/",
        {
            "title": "Birthday",
            "message": "Goal: 1,000 new members for our birthday",
            "goal_kind": "members",
            "goal": "1000",
            "currency": "",
            "offset": "12",
            "starts_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
            "ends_at": (now + datetime.timedelta(days=9)).strftime("%Y-%m-%d %H:%M"),
            "show": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get()
    assert campaign.offset == 12
    page = client.get("/membership/").content.decode()
    assert "12 of 1,000" in page
    listing = client.get("/admin/campaigns/").content.decode()
    assert "12 / 1,000 (1%)" in listing


def test_an_amount_goal_needs_a_currency(client, editor):
    now = timezone.localtime()
    response = client.post(
        "/admin/campaigns/new/",
        {
            "title": "Fund",
            "message": "Raise 10,000",
            "goal_kind": "amount",
            "goal": "10000",
            "currency": "",
            "offset": "0",
            "starts_at": now.strftime("%Y-%m-%d %H:%M"),
            "ends_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 200
    assert b"An amount needs a currency" in response.content
    assert b"The end must come after the start." in response.content


def test_editors_search_gifts_and_resend_the_delivery_email(
    client, editor, django_capture_on_commit_callbacks
):
    tier = TierFactory(name="Supporter")
    with django_capture_on_commit_callbacks(execute=True):
        gift = paid_gift(tier)
        paid_gift(tier, recipient_name="Mykola", recipient_email="mykola@example.org")
    listing = client.get("/admin/gifts/?q=olena").content.decode()
    assert "olena@example.org" in listing and "mykola@example.org" not in listing
    assert "taras@example.org" in client.get("/admin/gifts/?q=taras").content.decode()
    page = client.get(f"/admin/gifts/inspect/{gift.pk}/").content.decode()
    assert "Resend the delivery email to olena@example.org" in page
    before = len([m for m in mail.outbox if "olena@example.org" in m.to])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/gifts/resend/{gift.pk}/")
    assert response.status_code == 302
    sent = [m for m in mail.outbox if "olena@example.org" in m.to]
    assert len(sent) == before + 1 and gifts.redeem_url(gift) in sent[-1].body
    assert client.get(f"/admin/gifts/resend/{gift.pk}/").status_code == 405


def test_a_reader_cannot_resend(client):
    gift = paid_gift(TierFactory())  # outside a commit: no email goes
    client.force_login(UserFactory())
    assert client.post(f"/admin/gifts/resend/{gift.pk}/").status_code in (302, 403)
    assert len(mail.outbox) == 0


def test_the_reports_chart_members_money_gifts_and_campaigns_with_tables_and_csv(client, editor):
    tier = TierFactory(name="Supporter")
    campaign = make_campaign(offset=5)
    for _ in range(3):
        make_member(UserFactory(), tier)
    reader = UserFactory()
    do_record_donation(
        stripe_id="cs_don",
        user=reader,
        amount=2500,
        currency="eur",
        monthly=False,
        subscription_id="",
        payment_ref="pi_don",
        at=timezone.now(),
        source={},
    )
    gift = paid_gift(tier)
    gifts.do_redeem(gift.code, UserFactory())
    page = client.get("/admin/funding/reports/").content.decode()
    for title in (
        "Members over time",
        "New and cancelled members per month",
        "Monthly recurring revenue",
        "Donations",
        "Gift memberships",
        f"Campaign: {campaign.title}",
    ):
        assert title in page
    assert page.count("<table") >= 6 and 'role="img"' in page
    csv = client.get("/admin/funding/reports/?csv=members")
    assert csv["Content-Type"].startswith("text/csv")
    last = csv.content.decode().strip().splitlines()[-1]
    assert last.endswith(",4")  # three members and the gift's recipient
    donations = client.get("/admin/funding/reports/?csv=donations").content.decode()
    assert float(donations.strip().splitlines()[-1].split(",")[1]) == 25
    progress = client.get(f"/admin/funding/reports/?csv=campaign-{campaign.pk}").content.decode()
    # a members goal: the offset, three members and the gift's recipient (not the donor)
    assert progress.strip().splitlines()[-1].split(",")[1] == "9"
    assert campaigns.supporter_total() == 6


def test_a_reader_cannot_open_the_reports(client):
    client.force_login(UserFactory())
    assert client.get("/admin/funding/reports/").status_code in (302, 403)


def test_the_counters_kept_live_equal_a_recount_from_the_records(django_assert_max_num_queries):
    from masthead.members import services
    from masthead.members.models import FundingCounter
    from masthead.payments import donations, reports

    tier = TierFactory()
    users = [UserFactory() for _ in range(4)]
    for user in users:
        make_member(user, tier)
    services.do_cancel(users[0], key="evt_cancel")
    services.do_lapse(users[1], key="evt_lapse")
    make_member(users[1], tier, key="evt_back")
    for n, monthly in enumerate((False, True)):
        do_record_donation(
            stripe_id=f"cs_{n}",
            user=users[2],
            amount=1000,
            currency="eur",
            monthly=monthly,
            subscription_id="",
            payment_ref="",
            at=timezone.now(),
            source=None,
        )
    gift = paid_gift(tier)
    gifts.do_redeem(gift.code, UserFactory())
    live = dict(FundingCounter.objects.values_list("name", "value"))
    assert live["members"] == 4
    donations.do_recount()
    assert dict(FundingCounter.objects.values_list("name", "value")) == live
    with django_assert_max_num_queries(6):  # counters, member count, campaigns: no scan
        reports.figures(fresh=True)
