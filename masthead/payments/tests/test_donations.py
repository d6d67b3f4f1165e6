"""Donations through the fake Stripe: one-off and monthly, idempotent on the Checkout
Session, counted as supporters, never a membership."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from masthead.members import campaigns
from masthead.members.models import Campaign, Membership
from masthead.members.tests.funding_factories import make_campaign
from masthead.payments.models import CheckoutSession, Donation, StripeEvent
from masthead.users.models import User

from .builders import T0, deliver
from .fake_stripe import event, fixture

pytestmark = pytest.mark.django_db


def donate(client, amount="25", frequency="once", **extra):
    return client.post(
        reverse("members:donate"),
        {
            "amount": amount,
            "currency": "eur",
            "frequency": frequency,
            "mh_src": '{"ref":"news.example"}',
            **extra,
        },
    )


def paid(fake_stripe, client, response, email="giver@example.org", event_id="evt_don_1"):
    session_id = response["Location"].rsplit("/", 1)[1]
    session = fake_stripe.complete_session(session_id, email=email)
    evt = event("checkout.session.completed", session, id=event_id, created=T0 + 10)
    assert deliver(client, evt).status_code == 200
    return session


def test_the_donate_page_starts_a_one_off_checkout_with_price_data(client, fake_stripe):
    page = client.get(reverse("members:donate"))
    assert page.status_code == 200 and b"Continue to payment" in page.content
    response = donate(client)
    assert response.status_code == 302
    (call,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    params = call["params"]
    assert params["mode"] == "payment"
    assert params["line_items"][0]["price_data"] == {
        "currency": "eur",
        "unit_amount": "2500",
        "product_data": {"name": "Donation"},
    }
    assert params["metadata"]["kind"] == "donation"
    assert params["payment_intent_data"]["metadata"]["src"] == '{"ref":"news.example"}'
    assert CheckoutSession.objects.get().tier is None


def test_a_monthly_donation_is_a_subscription_checkout(client, fake_stripe):
    donate(client, "10", "month")
    params = fake_stripe.calls("POST", "/v1/checkout/sessions")[0]["params"]
    assert params["mode"] == "subscription"
    assert params["line_items"][0]["price_data"]["recurring"] == {"interval": "month"}
    assert params["subscription_data"]["metadata"]["kind"] == "donation"


def test_below_the_minimum_the_error_is_beside_the_field(client, fake_stripe, settings):
    settings.MEMBERS_DONATION_MINIMUM = 500
    response = donate(client, "2")
    assert response.status_code == 400
    assert b"Please give at least 5.00 EUR" in response.content
    assert not fake_stripe.calls("POST", "/v1/checkout/sessions")


def test_a_paid_donation_is_recorded_once_with_a_receipt_and_counts_as_a_supporter(
    client, fake_stripe, django_capture_on_commit_callbacks
):
    campaign = make_campaign(goal_kind=Campaign.Goal.SUPPORTERS, goal=10)
    money = make_campaign(goal_kind=Campaign.Goal.AMOUNT, currency="eur", goal=100)
    with django_capture_on_commit_callbacks(execute=True):
        session = paid(fake_stripe, client, donate(client))
        # Stripe retries, and sends it again under another event id: still one donation
        paid(fake_stripe, client, donate(client), event_id="evt_don_1")
        evt = event("checkout.session.completed", session, id="evt_don_again", created=T0 + 20)
        deliver(client, evt)
    donation = Donation.objects.get()
    assert (donation.amount, donation.currency, donation.monthly) == (2500, "eur", False)
    assert donation.email == "giver@example.org" and donation.stripe_id == session["id"]
    receipts = [m for m in mail.outbox if m.subject == "Thank you for your donation"]
    assert len(receipts) == 1 and "25.00 EUR" in receipts[0].body
    assert not Membership.objects.exists()
    campaign.refresh_from_db()
    money.refresh_from_db()
    assert campaign.count == 1 and money.count == 2500
    assert campaigns.supporter_total() == 1
    assert User.objects.filter(email="giver@example.org").exists()


def test_an_unpaid_session_creates_no_donation(client, fake_stripe):
    response = donate(client)
    session_id = response["Location"].rsplit("/", 1)[1]
    session = fake_stripe.complete_session(session_id)
    session["payment_status"] = "unpaid"
    deliver(client, event("checkout.session.completed", session, id="evt_unpaid", created=T0))
    assert not Donation.objects.exists()
    assert campaigns.supporter_total() == 0


def monthly_events(session):
    metadata = session["metadata"]
    sub = fixture(
        "subscription", id=session["subscription"], customer=session["customer"], metadata=metadata
    )
    invoices = []
    for n, reason in ((1, "subscription_create"), (2, "subscription_cycle")):
        invoice = fixture(
            "invoice",
            id=f"in_don_{n}",
            customer=session["customer"],
            billing_reason=reason,
            amount_paid=1000,
        )
        invoice["parent"]["subscription_details"] = {
            "metadata": metadata,
            "subscription": sub["id"],
        }
        invoices.append(invoice)
    return sub, invoices


def test_a_monthly_donation_records_each_month_and_never_grants_a_membership(client, fake_stripe):
    session = paid(fake_stripe, client, donate(client, "10", "month"))
    sub, invoices = monthly_events(session)
    for n, (type_, obj) in enumerate(
        [
            ("customer.subscription.created", sub),
            ("invoice.paid", invoices[0]),  # the first month: the session recorded it
            ("invoice.paid", invoices[1]),
            ("invoice.paid", invoices[1]),
        ]
    ):
        assert (
            deliver(client, event(type_, obj, id=f"evt_m{n}", created=T0 + 100 + n)).status_code
            == 200
        )
    donations = Donation.objects.order_by("pk")
    assert [d.stripe_id for d in donations] == [session["id"], "in_don_2"]
    assert all(d.monthly for d in donations)
    assert not Membership.objects.exists()
    assert StripeEvent.objects.filter(status=StripeEvent.Status.FAILED).count() == 0


def test_a_refund_marks_the_donation_refunded(client, fake_stripe):
    session = paid(fake_stripe, client, donate(client))
    charge = fixture(
        "charge",
        id="ch_don",
        payment_intent=session["payment_intent"],
        amount=2500,
        amount_refunded=2500,
    )
    assert (
        deliver(
            client, event("charge.refunded", charge, id="evt_refund", created=T0 + 50)
        ).status_code
        == 200
    )
    assert Donation.objects.get().status == Donation.Status.REFUNDED


def test_account_deletion_keeps_the_money_forgets_the_donor_and_stops_the_monthly_gift(
    client, fake_stripe, django_capture_on_commit_callbacks
):
    session = paid(fake_stripe, client, donate(client, "10", "month"))
    donor = User.objects.get(email="giver@example.org")
    client.force_login(donor)
    data = json.loads(client.get(reverse("users:download-data")).content)
    assert data["donations"]["donations"][0]["amount"] == 1000
    assert data["gifts"]["supporter"] is True
    from masthead.users import services as users

    with django_capture_on_commit_callbacks(execute=True):
        users.do_delete_account(donor)
    donation = Donation.objects.get()
    assert (donation.email, donation.user, donation.amount) == ("", None, 1000)
    assert fake_stripe.calls("DELETE", f"/v1/subscriptions/{session['subscription']}")
    assert campaigns.supporter_total() == 1  # the all-time count keeps them
    from masthead.members.models import Supporter

    assert not Supporter.objects.filter(email="giver@example.org").exists()
