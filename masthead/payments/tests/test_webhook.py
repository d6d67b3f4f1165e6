"""The Stripe webhook: signature first, each event stored once, handlers per type."""

import datetime
import json

import pytest
from django.core import mail

from masthead.members.models import Membership
from masthead.members.tests.factories import TierFactory
from masthead.payments.models import Customer, Payment, StripeEvent
from masthead.users.models import User
from masthead.users.tests.factories import UserFactory

from .builders import MONTH, T0, Story, deliver
from .fake_stripe import event, fixture, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(fake_stripe):
    return Story(UserFactory(email="reader@example.org"), TierFactory(name="Supporter"))


def test_a_bad_signature_or_an_old_timestamp_is_refused_before_the_database(
    client, story, django_assert_num_queries
):
    evt = story.events()[0]
    payload = json.dumps(evt).encode()
    with django_assert_num_queries(0):
        bad = client.post(
            "/payments/stripe/webhook/",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signed(payload, secret="whsec_wrong"),
        )
        old = client.post(
            "/payments/stripe/webhook/",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signed(payload, timestamp=T0),
        )
        unsigned = client.post(
            "/payments/stripe/webhook/", payload, content_type="application/json"
        )
    assert bad.status_code == old.status_code == unsigned.status_code == 400
    assert not StripeEvent.objects.exists()


def test_without_a_webhook_secret_nothing_is_accepted(client, story, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert deliver(client, story.events()[0]).status_code == 503


def test_checkout_completed_grants_once_however_often_it_comes(
    client, story, django_capture_on_commit_callbacks
):
    evt = story.events()[0]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert deliver(client, evt).status_code == 200
    membership = Membership.objects.get(user=story.user)
    assert (membership.status, membership.tier, membership.external_id) == (
        "active",
        story.tier,
        story.subscription,
    )
    row = StripeEvent.objects.get()
    assert (row.stripe_id, row.status, row.user) == (evt["id"], "processed", story.user)
    assert Customer.objects.get(user=story.user).stripe_id == story.customer
    assert len(mail.outbox) == 1


def test_unknown_types_get_200_and_are_kept_as_ignored(client, story):
    evt = event(
        "customer.tax_id.created", {"id": "txi_1", "object": "tax_id"}, id="evt_x", created=T0
    )
    assert deliver(client, evt).status_code == 200
    assert StripeEvent.objects.get().status == "ignored"


def test_a_handler_failure_answers_500_keeps_the_error_and_a_retry_succeeds(
    client, story, fake_stripe
):
    # A subscription for a customer we cannot name yet (no metadata, Stripe has no email).
    sub = story.sub()
    sub["metadata"] = {"masthead": "1", "tier_id": str(story.tier.pk)}
    fake_stripe.objects[story.customer] = fixture("customer", id=story.customer, email=None)
    evt = event("customer.subscription.created", sub, id="evt_fail", created=T0)
    assert deliver(client, evt).status_code == 500
    row = StripeEvent.objects.get()
    assert row.status == "failed" and "LookupError" in row.handler_error
    assert not Membership.objects.exists()
    fake_stripe.objects[story.customer]["email"] = story.user.email
    assert deliver(client, evt).status_code == 200
    row.refresh_from_db()
    assert row.status == "processed" and row.handler_error == ""
    assert Membership.objects.get().user == story.user


def test_subscriptions_that_are_not_ours_are_ignored(client, fake_stripe):
    other = Story(UserFactory(), TierFactory(), n=7, marker=False)
    for evt in other.events():
        assert deliver(client, evt).status_code == 200
    assert not Membership.objects.exists()
    assert set(StripeEvent.objects.values_list("status", flat=True)) == {"ignored"}


def test_paying_with_another_email_does_not_make_a_second_reader(client, story):
    deliver(client, story.events()[0])
    again = story.session(
        id="cs_other",
        customer_details={"email": "work@example.com", "name": None},
        client_reference_id=None,
        metadata={"masthead": "1", "tier_id": str(story.tier.pk)},
    )
    deliver(client, event("checkout.session.completed", again, id="evt_other", created=T0 + 10))
    assert not User.objects.filter(email="work@example.com").exists()
    assert Membership.objects.count() == 1


def test_an_anonymous_buyer_becomes_a_reader_by_email_once(client, fake_stripe):
    tier = TierFactory()
    metadata = {"masthead": "1", "tier_id": str(tier.pk)}
    for n in (1, 2):
        session = fixture(
            "checkout_session",
            id=f"cs_anon{n}",
            status="complete",
            payment_status="paid",
            mode="payment",
            customer=f"cus_anon{n}",
            payment_intent=f"pi_anon{n}",
            customer_details={"email": "New@Example.org", "name": None},
            metadata=metadata,
            created=T0 + n,
        )
        assert (
            deliver(
                client,
                event("checkout.session.completed", session, id=f"evt_anon{n}", created=T0 + n),
            ).status_code
            == 200
        )
    user = User.objects.get(email="new@example.org")
    membership = Membership.objects.get(user=user)
    assert membership.source == "one_off" and membership.is_entitled
    assert Payment.objects.filter(user=user).count() == 2


def test_a_failed_renewal_gives_grace_then_a_paid_one_restores(client, story, settings):
    settings.MEMBERS_GRACE_DAYS = 7
    events = story.events()
    for evt in events[:5]:  # up to invoice.payment_failed
        deliver(client, evt)
    membership = Membership.objects.get()
    assert membership.status == "past_due" and membership.is_entitled
    assert membership.grace_until == datetime.datetime.fromtimestamp(
        events[4]["created"], datetime.UTC
    ) + datetime.timedelta(days=7)
    deliver(client, events[6])
    membership.refresh_from_db()
    assert membership.status == "active"
    assert membership.current_period_end == datetime.datetime.fromtimestamp(
        T0 + 3 * MONTH, datetime.UTC
    )
    assert Payment.objects.filter(user=story.user).count() == 3


def test_a_deleted_subscription_cancels(client, story):
    for evt in story.events():
        deliver(client, evt)
    assert Membership.objects.get().status == "cancelled"


def test_a_refunded_one_off_payment_cancels_and_a_dispute_flags(client, story):
    deliver(
        client,
        event("checkout.session.completed", story.session(mode="payment"), id="evt_p", created=T0),
    )
    assert Membership.objects.get().source == "one_off"
    charge = fixture("charge", id="ch_1", payment_intent=f"pi_story{story.n}", amount_refunded=500)
    deliver(client, event("charge.refunded", charge, id="evt_r", created=T0 + 100))
    membership = Membership.objects.get()
    assert membership.status == "cancelled"
    assert Payment.objects.get().status == "refunded"
    dispute = fixture("dispute", id="dp_1", charge="ch_1", payment_intent=f"pi_story{story.n}")
    deliver(client, event("charge.dispute.created", dispute, id="evt_d", created=T0 + 200))
    membership.refresh_from_db()
    assert "dispute" in membership.flag
    assert Payment.objects.get().status == "disputed"


def test_a_second_active_subscription_is_flagged(client, story):
    deliver(client, story.events()[1])
    second = story.sub()
    second["id"] = "sub_second"
    deliver(
        client, event("customer.subscription.created", second, id="evt_second", created=T0 + 50)
    )
    membership = Membership.objects.get()
    assert membership.external_id == story.subscription
    assert "two active subscriptions" in membership.flag


def test_a_renewal_is_eight_queries_and_one_commit(
    client, story, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The webhook's cost per event (bench/members.py): handle, then store the event with
    its outcome in the same transaction. Pinned so a change that adds a query is seen."""
    events = story.events()
    for evt in events[:3]:
        deliver(client, evt)
    renewal = events[3]
    # 8 in production; the test's own transaction adds a savepoint and its release.
    # The invoice's membership and reader; the payment (ON CONFLICT DO NOTHING); the row
    # locked, updated (changed columns only) and its history row, under do_renew's
    # savepoint; the event row with its outcome. No tier read: members' tier map.
    with django_assert_num_queries(10):
        assert deliver(client, renewal).status_code == 200
    assert StripeEvent.objects.get(stripe_id=renewal["id"]).status == "processed"
    assert Payment.objects.filter(user=story.user).count() == 2
    # A replay runs in the same one transaction, finds the row, and rolls back.
    with django_capture_on_commit_callbacks() as callbacks:
        assert deliver(client, renewal).status_code == 200
    assert callbacks == []
    assert Membership.objects.get().changes.count() == 4


def test_a_new_membership_records_one_conversion_with_its_source(
    client, story, django_capture_on_commit_callbacks
):
    from masthead.core import attribution

    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    attribution.conversion.connect(receiver)
    try:
        events = story.events()
        source = '{"article":42,"ref":"news.example","utm":"birthday"}'
        for evt in events:
            evt["data"]["object"].setdefault("metadata", {})
            if evt["type"].startswith(("checkout", "customer.subscription")):
                evt["data"]["object"]["metadata"]["mh_src"] = source
        with django_capture_on_commit_callbacks(execute=True):
            for evt in [events[1], events[0], events[0], *events[2:]]:  # out of order, replayed
                deliver(client, evt)
    finally:
        attribution.conversion.disconnect(receiver)
    membership = Membership.objects.get()
    assert len(seen) == 1
    assert seen[0]["source"] == {"article": 42, "ref": "news.example", "utm": "birthday"}
    assert seen[0]["ref"] == f"membership:{membership.pk}"
    assert (seen[0]["amount"], seen[0]["currency"]) == (500, "eur")


def test_the_members_list_flags_a_reader_with_two_active_subscriptions(client, story):
    from masthead.users.tests.factories import SuperuserFactory

    other = Story(UserFactory(email="single@example.org"), story.tier, n=2)
    deliver(client, other.events()[1])
    deliver(client, story.events()[1])
    second = story.sub()
    second["id"] = "sub_second"
    deliver(
        client, event("customer.subscription.created", second, id="evt_second", created=T0 + 50)
    )
    client.force_login(SuperuserFactory())
    flagged = client.get("/admin/memberships/", {"flagged": "true"}).content.decode()
    assert "reader@example.org" in flagged and "single@example.org" not in flagged
    assert f"two active subscriptions: {story.subscription}, sub_second" in flagged
    everyone = client.get("/admin/memberships/").content.decode()
    assert "single@example.org" in everyone and "two active subscriptions" in everyone


def test_a_signed_payload_that_is_not_an_event_is_refused(client, story):
    for body in (b"[]", b'{"id": "evt_1"}', b"not json"):
        response = client.post(
            "/payments/stripe/webhook/",
            body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signed(body),
        )
        assert response.status_code == 400
    assert not StripeEvent.objects.exists()
