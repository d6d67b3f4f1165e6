"""Gift memberships through the fake Stripe: bought without an account, delivered on their
date (a frozen clock), redeemed once, extended for members, revoked by a refund."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from masthead.members import campaigns, gifts
from masthead.members.models import Gift, Membership
from masthead.members.tests.factories import TierFactory, make_member
from masthead.payments.models import Customer
from masthead.users.models import User
from masthead.users.tests.factories import UserFactory

from .builders import T0, deliver
from .fake_stripe import event, fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def tier():
    return TierFactory(name="Supporter", prices=[("eur", "month", 500), ("eur", "year", 4800)])


def buy(client, tier, **fields):
    data = {
        "tier": tier.pk,
        "months": "6",
        "recipient_name": "Olena",
        "recipient_email": "Olena@Example.org",
        "message": "Happy birthday! Read the river port series.",
        "delivery": "email",
        "deliver_on": timezone.localdate().isoformat(),
        "buyer_name": "Taras",
        "buyer_email": "taras@example.org",
        **fields,
    }
    return client.post(reverse("members:gift"), data)


def pay(client, fake_stripe, response, event_id="evt_gift_1"):
    session_id = response["Location"].rsplit("/", 1)[1]
    session = fake_stripe.complete_session(session_id, email="taras@example.org")
    assert (
        deliver(
            client, event("checkout.session.completed", session, id=event_id, created=T0)
        ).status_code
        == 200
    )
    return session


def subjects(to=None):
    return [m.subject for m in mail.outbox if to is None or to in m.to]


def test_buying_a_gift_needs_no_account_and_pays_once_in_payment_mode(client, fake_stripe, tier):
    page = client.get(reverse("members:gift"))
    assert b"6 months for 24.00 EUR" in page.content  # the yearly price per month
    response = buy(client, tier)
    assert response.status_code == 302
    gift = Gift.objects.get()
    assert (gift.status, gift.amount, gift.months, gift.recipient_email) == (
        "pending",
        2400,
        6,
        "olena@example.org",
    )
    params = fake_stripe.calls("POST", "/v1/checkout/sessions")[0]["params"]
    assert params["mode"] == "payment"
    assert params["metadata"] == {"masthead": "1", "kind": "gift", "gift_id": str(gift.pk)}
    assert params["line_items"][0]["price_data"]["unit_amount"] == "2400"
    assert "customer" not in params and not Customer.objects.exists()
    assert gift.checkout_session_id == response["Location"].rsplit("/", 1)[1]


def test_a_past_delivery_date_or_a_missing_address_is_refused_beside_the_field(
    client, fake_stripe, tier
):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = buy(client, tier, deliver_on=yesterday, recipient_email="")
    assert response.status_code == 400
    assert b"Choose today or a later date." in response.content
    assert b"Enter their email, or choose to print the link." in response.content
    assert not Gift.objects.exists()


def test_paid_today_the_recipient_gets_the_link_and_a_replay_sends_nothing_more(
    client, fake_stripe, tier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = pay(client, fake_stripe, buy(client, tier))
        replayed = event("checkout.session.completed", session, id="evt_gift_1", created=T0)
        deliver(client, replayed)  # the same event again
        deliver(client, event("checkout.session.completed", session, id="evt_gift_2", created=T0))
    gift = Gift.objects.get()
    assert gift.status == Gift.Status.DELIVERED and gift.payment_ref == session["payment_intent"]
    assert subjects("taras@example.org") == ["Your gift membership"]
    assert subjects("olena@example.org") == ["Taras gave you a membership"]
    delivery = [m for m in mail.outbox if "olena@example.org" in m.to][0]
    assert gifts.redeem_url(gift) in delivery.body and "Happy birthday!" in delivery.body
    assert campaigns.supporter_total() == 1  # the buyer
    thanks = client.get(reverse("members:gift-thanks") + f"?session_id={session['id']}")
    assert b"A receipt is on its way to taras@example.org" in thanks.content


def test_a_scheduled_gift_goes_out_on_its_date_once_with_a_frozen_clock(
    client, fake_stripe, tier, django_capture_on_commit_callbacks
):
    later = timezone.localdate() + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, fake_stripe, buy(client, tier, deliver_on=later.isoformat()))
    assert subjects("olena@example.org") == []
    assert Gift.objects.get().status == Gift.Status.PAID
    the_day_before = timezone.make_aware(
        datetime.datetime.combine(later, datetime.time(23, 59)) - datetime.timedelta(days=1)
    )
    on_the_day = the_day_before + datetime.timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=the_day_before):
        with django_capture_on_commit_callbacks(execute=True):
            assert gifts.do_send_due() == (0, 0)
    assert subjects("olena@example.org") == []
    with mock.patch("django.utils.timezone.now", return_value=on_the_day):
        with django_capture_on_commit_callbacks(execute=True):
            assert gifts.do_send_due() == (1, 0)
            assert gifts.do_send_due() == (0, 0)
            gifts.do_deliver_gift(Gift.objects.get().pk)  # the deferred task, late
    assert subjects("olena@example.org") == ["Taras gave you a membership"]
    assert Gift.objects.get().delivered_at == on_the_day


def paid_gift(client, fake_stripe, tier, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, fake_stripe, buy(client, tier, **fields))
    return Gift.objects.get()


def test_redeeming_creates_the_account_signs_in_and_grants_the_term_once(
    client, fake_stripe, tier, django_capture_on_commit_callbacks
):
    gift = paid_gift(client, fake_stripe, tier, django_capture_on_commit_callbacks)
    url = reverse("members:gift-redeem", args=[gift.code])
    page = client.get(url)
    assert b"Redeem the gift" in page.content and b"Happy birthday!" in page.content
    assert not User.objects.filter(email="olena@example.org").exists()  # GET spends nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "olena@example.org"})
    assert response.status_code == 200 and b"Welcome, member" in response.content
    olena = User.objects.get(email="olena@example.org")
    membership = Membership.objects.get(user=olena)
    assert (membership.status, membership.source, membership.tier) == ("active", "gift", tier)
    expected_end = gift.created_at + datetime.timedelta(days=181)
    assert abs(membership.current_period_end - expected_end) < datetime.timedelta(days=3)
    assert client.get(reverse("users:account")).status_code == 200  # signed in
    assert "Your gift was redeemed" in subjects("taras@example.org")
    # again, by the same reader: nothing more
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 200
    assert subjects("taras@example.org").count("Your gift was redeemed") == 1
    # and by someone else: refused
    other = UserFactory()
    client.force_login(other)
    response = client.post(url)
    assert response.status_code == 409 and b"already been redeemed" in response.content
    assert not Membership.objects.filter(user=other).exists()


def test_a_printed_link_redeemed_for_an_existing_account_sends_a_sign_in_link(
    client, fake_stripe, tier, django_capture_on_commit_callbacks
):
    reader = UserFactory(email="friend@example.org")
    gift = paid_gift(
        client,
        fake_stripe,
        tier,
        django_capture_on_commit_callbacks,
        delivery="print",
        recipient_email="",
    )
    assert subjects("friend@example.org") == []
    receipt = [m for m in mail.outbox if m.subject == "Your gift membership"][0]
    assert gifts.redeem_url(gift) in receipt.body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:gift-redeem", args=[gift.code]), {"email": reader.email}
        )
    assert b"We have sent a sign-in link" in response.content
    assert Membership.objects.get(user=reader).is_entitled
    assert (
        client.get(reverse("users:account")).status_code == 302
    )  # not signed in by a printed link
    assert "Your sign-in link" in subjects("friend@example.org")


def test_a_members_gift_extends_the_membership_and_moves_their_next_charge(
    client, fake_stripe, tier, django_capture_on_commit_callbacks
):
    member = UserFactory(email="olena@example.org")
    period_end = timezone.now() + datetime.timedelta(days=20)
    make_member(
        member,
        tier,
        source=Membership.Source.STRIPE,
        external_id="sub_paying",
        current_period_end=period_end,
    )
    gift = paid_gift(client, fake_stripe, tier, django_capture_on_commit_callbacks, months="3")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:gift-redeem", args=[gift.code]))
    membership = Membership.objects.get(user=member)
    assert membership.source == Membership.Source.STRIPE and membership.external_id == "sub_paying"
    assert membership.current_period_end > period_end + datetime.timedelta(days=88)
    (call,) = fake_stripe.calls("POST", "/v1/subscriptions/sub_paying")
    assert int(call["params"]["trial_end"]) == int(membership.current_period_end.timestamp())
    assert call["params"]["proration_behavior"] == "none"


def test_a_refund_revokes_an_unredeemed_gift(
    client, fake_stripe, tier, django_capture_on_commit_callbacks
):
    gift = paid_gift(client, fake_stripe, tier, django_capture_on_commit_callbacks)
    charge = fixture(
        "charge", id="ch_gift", payment_intent=gift.payment_ref, amount=2400, amount_refunded=2400
    )
    assert (
        deliver(
            client, event("charge.refunded", charge, id="evt_gift_refund", created=T0 + 9)
        ).status_code
        == 200
    )
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REVOKED
    response = client.post(
        reverse("members:gift-redeem", args=[gift.code]), {"email": "olena@example.org"}
    )
    assert response.status_code == 409
    assert not Membership.objects.exists()


def test_seven_days_before_a_gift_ends_the_recipient_is_invited_to_continue_once(
    client, fake_stripe, tier, django_capture_on_commit_callbacks
):
    gift = paid_gift(client, fake_stripe, tier, django_capture_on_commit_callbacks, months="3")
    olena = UserFactory(email="olena@example.org")
    gift, _ = gifts.do_redeem(gift.code, olena)
    eight_days_before = gift.ends_at - datetime.timedelta(days=8)
    six_days_before = gift.ends_at - datetime.timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert gifts.do_send_due(eight_days_before) == (0, 0)
        assert gifts.do_send_due(six_days_before) == (0, 1)
        assert gifts.do_send_due(six_days_before) == (0, 0)
    (reminder,) = [m for m in mail.outbox if m.subject == "Your gift membership ends soon"]
    assert "/membership/" in reminder.body


def test_no_reminder_for_a_recipient_who_already_pays(
    client, fake_stripe, tier, django_capture_on_commit_callbacks
):
    gift = paid_gift(client, fake_stripe, tier, django_capture_on_commit_callbacks, months="3")
    olena = UserFactory(email="olena@example.org")
    gift, _ = gifts.do_redeem(gift.code, olena)
    make_member(
        olena, tier, source=Membership.Source.STRIPE, external_id="sub_new", key="evt_later"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert gifts.do_send_due(gift.ends_at - datetime.timedelta(days=3)) == (0, 0)
    assert "Your gift membership ends soon" not in subjects()
