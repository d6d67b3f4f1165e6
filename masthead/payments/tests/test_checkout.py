"""Checkout against the fake Stripe: sessions, the success and cancel pages, the billing
portal, price sync, reconciliation and account deletion."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from masthead.members.models import Membership, TierPrice
from masthead.members.tests.factories import TierFactory
from masthead.payments import services
from masthead.payments.models import CheckoutSession, Customer, StripeEvent
from masthead.users.tests.factories import UserFactory

from .builders import T0, Story
from .fake_stripe import event

pytestmark = pytest.mark.django_db


def join(client, tier, interval="month"):
    price = tier.prices.get(interval=interval)
    return client.post(reverse("members:join"), {"price": price.pk})


def test_a_signed_in_reader_checks_out_with_one_customer_and_an_idempotency_key(
    client, fake_stripe
):
    user, tier = UserFactory(email="reader@example.org"), TierFactory(name="Supporter")
    client.force_login(user)
    first = join(client, tier)
    second = join(client, tier)  # a double click
    assert first.status_code == 302 and first["Location"].startswith(fake_stripe.url + "/pay/cs_")
    assert second["Location"] == first["Location"]
    assert len(fake_stripe.calls("POST", "/v1/customers")) == 1
    sessions = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert len(sessions) == 2 and sessions[0]["idempotency_key"] == sessions[1]["idempotency_key"]
    params = sessions[0]["params"]
    assert params["mode"] == "subscription"
    assert params["customer"] == Customer.objects.get(user=user).stripe_id
    assert params["client_reference_id"] == str(user.pk)
    assert params["subscription_data"]["metadata"] == {
        "masthead": "1",
        "tier_id": str(tier.pk),
        "user_id": str(user.pk),
    }
    assert params["line_items"][0]["price_data"]["recurring"] == {"interval": "month"}
    assert CheckoutSession.objects.count() == 1


def test_a_returning_reader_keeps_their_stripe_customer(client, fake_stripe):
    user, tier = UserFactory(), TierFactory()
    Customer.objects.create(user=user, stripe_id="cus_existing")
    client.force_login(user)
    join(client, tier, "year")
    assert not fake_stripe.calls("POST", "/v1/customers")
    assert (
        fake_stripe.calls("POST", "/v1/checkout/sessions")[0]["params"]["customer"]
        == "cus_existing"
    )


def test_a_one_off_payment_uses_payment_mode(client, fake_stripe):
    TierFactory()
    response = client.post(reverse("members:join"), {"amount": "25", "frequency": "once"})
    assert response.status_code == 302
    params = fake_stripe.calls("POST", "/v1/checkout/sessions")[0]["params"]
    assert params["mode"] == "payment" and "customer" not in params
    assert params["line_items"][0]["price_data"]["unit_amount"] == "2500"
    assert params["payment_intent_data"]["metadata"]["masthead"] == "1"


def test_the_success_page_is_honest_then_grants_once_with_the_webhook(
    client, fake_stripe, django_capture_on_commit_callbacks
):
    user, tier = UserFactory(email="reader@example.org"), TierFactory(name="Supporter")
    client.force_login(user)
    session_id = join(client, tier)["Location"].rsplit("/", 1)[1]
    url = reverse("payments:success") + f"?session_id={session_id}"
    waiting = client.get(url).content.decode()
    assert "Payment received, activating" in waiting and 'http-equiv="refresh"' in waiting
    assert not Membership.objects.exists()

    session = fake_stripe.complete_session(session_id, email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.get(url).content.decode()  # the page asks Stripe itself
        from .builders import deliver

        deliver(
            client,
            event(
                "checkout.session.completed", session, id="evt_late", created=session["created"] + 2
            ),
        )
    assert "Welcome, member" in done
    membership = Membership.objects.get()
    assert membership.changes.count() == 1
    assert len(mail.outbox) == 1


def test_unknown_checkout_and_cancel_pages(client, fake_stripe):
    assert client.get(reverse("payments:success") + "?session_id=cs_nope").status_code == 404
    assert "No payment was taken" in client.get(reverse("payments:cancel")).content.decode()


def test_manage_billing_opens_the_portal(client, fake_stripe):
    user = UserFactory()
    client.force_login(user)
    assert "Manage billing" not in client.get(reverse("users:account")).content.decode()
    Customer.objects.create(user=user, stripe_id="cus_portal")
    assert "Manage billing" in client.get(reverse("users:account")).content.decode()
    response = client.post(reverse("payments:billing"))
    assert response["Location"].startswith(fake_stripe.url + "/portal/")
    assert (
        fake_stripe.calls("POST", "/v1/billing_portal/sessions")[0]["params"]["customer"]
        == "cus_portal"
    )


def test_tier_prices_are_synced_once_and_a_new_amount_makes_a_new_price(fake_stripe):
    tier = TierFactory(name="Patron")
    assert services.do_sync_tier(tier) == 2
    assert services.do_sync_tier(tier) == 0
    tier.refresh_from_db()
    assert tier.external_product_id.startswith("prod_")
    monthly = tier.prices.get(interval="month")
    old = monthly.external_price_id
    TierPrice.objects.filter(pk=monthly.pk).update(amount=800)
    assert services.do_sync_tier(tier) == 1
    monthly.refresh_from_db()
    assert monthly.external_price_id != old and monthly.external_amount == 800
    assert fake_stripe.objects[old]["active"] is False
    created = [c for c in fake_stripe.calls("POST", "/v1/products") if c["path"] == "/v1/products"]
    assert len(created) == 1


def test_reconcile_replays_missed_events_and_dry_run_changes_nothing(fake_stripe, capsys):
    story = Story(UserFactory(), TierFactory())
    fake_stripe.events.extend(story.events()[:3])
    # relative to now, as Stripe's list is
    import time

    for evt in fake_stripe.events:
        evt["created"] = int(time.time()) - 3600 + (evt["created"] - T0)
    call_command("reconcile_stripe", "--dry-run")
    assert "3 event(s) would replay" in capsys.readouterr().out
    assert not StripeEvent.objects.exists()
    call_command("reconcile_stripe")
    assert StripeEvent.objects.filter(status="processed").count() == 3
    assert Membership.objects.get().status == "active"
    call_command("reconcile_stripe")
    assert "0 event(s) replayed" in capsys.readouterr().out.splitlines()[-1]


def test_deleting_an_account_cancels_the_subscription_at_stripe(
    client, fake_stripe, django_capture_on_commit_callbacks
):
    from masthead.users import services as users

    story = Story(UserFactory(), TierFactory())
    from .builders import deliver

    deliver(client, story.events()[0])
    with django_capture_on_commit_callbacks(execute=True):
        users.do_delete_account(story.user)
    assert fake_stripe.calls("DELETE", f"/v1/subscriptions/{story.subscription}")
    assert fake_stripe.calls("DELETE", f"/v1/customers/{story.customer}")
    assert Membership.objects.get().status == "cancelled"
    assert not Customer.objects.exists()


def test_the_admin_says_how_to_set_the_keys(client, settings):
    from masthead.users.tests.factories import SuperuserFactory

    settings.STRIPE_SECRET_KEY = ""
    client.force_login(SuperuserFactory())
    html = client.get("/admin/").content.decode()
    for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"):
        assert name in html


def test_saving_a_tier_in_the_admin_creates_its_prices_and_replaces_a_changed_one(
    client, fake_stripe
):
    """Stripe prices are immutable: a changed amount is a new Price, the old one archived."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from masthead.members.models import Tier
    from masthead.users.tests.factories import SuperuserFactory

    client.force_login(SuperuserFactory())

    def form(prices):
        return nested_form_data(
            {
                "name": "Patron",
                "slug": "patron",
                "description": "For our closest readers.",
                "benefits": "The newsletter\nThe annual meeting",
                "active": "on",
                "sort_order": 3,
                "prices": inline_formset(prices, initial=len([p for p in prices if "id" in p])),
            }
        )

    added = client.post(
        "/admin/snippets/members/tier/add/",
        form(
            [
                {"currency": "eur", "interval": "month", "amount": 900, "ORDER": 1},
                {"currency": "eur", "interval": "year", "amount": 9000, "ORDER": 2},
            ]
        ),
        follow=True,
    )
    assert "Synced with Stripe: 2 new price(s)." in added.content.decode()
    tier = Tier.objects.get(slug="patron")
    monthly, yearly = tier.prices.get(interval="month"), tier.prices.get(interval="year")
    product = fake_stripe.objects[tier.external_product_id]
    assert product["name"] == "Patron" and product["metadata"]["tier_id"] == str(tier.pk)
    first = {p.interval: fake_stripe.objects[p.external_price_id] for p in (monthly, yearly)}
    assert (first["month"]["unit_amount"], first["month"]["recurring"]["interval"]) == (
        900,
        "month",
    )
    assert (first["year"]["unit_amount"], first["year"]["product"]) == (9000, product["id"])

    edited = client.post(
        f"/admin/snippets/members/tier/edit/{tier.pk}/",
        form(
            [
                {
                    "id": monthly.pk,
                    "currency": "eur",
                    "interval": "month",
                    "amount": 1200,
                    "ORDER": 1,
                },
                {
                    "id": yearly.pk,
                    "currency": "eur",
                    "interval": "year",
                    "amount": 9000,
                    "ORDER": 2,
                },
            ]
        ),
        follow=True,
    )
    assert "Synced with Stripe: 1 new price(s)." in edited.content.decode()
    monthly.refresh_from_db()
    yearly.refresh_from_db()
    new = fake_stripe.objects[monthly.external_price_id]
    assert new["id"] != first["month"]["id"] and new["unit_amount"] == 1200
    assert monthly.external_amount == 1200
    assert fake_stripe.objects[first["month"]["id"]]["active"] is False  # archived
    assert yearly.external_price_id == first["year"]["id"]  # unchanged: kept
    assert first["year"].get("active", True) is not False
    calls = fake_stripe.calls("POST", "/v1/prices")
    assert len([c for c in calls if c["path"] == "/v1/prices"]) == 3  # two, then one new
    assert [c["params"] for c in calls if c["path"] != "/v1/prices"] == [{"active": "false"}]


def test_where_the_reader_came_from_travels_in_the_checkout_metadata(client, fake_stripe):
    tier = TierFactory()
    price = tier.prices.get(interval="month")
    source = '{"article": 12, "ref": "www.News.example", "utm": "spring", "x": "dropped"}'
    client.post(reverse("members:join"), {"price": price.pk, "mh_src": source})
    params = fake_stripe.calls("POST", "/v1/checkout/sessions")[0]["params"]
    expected = '{"article":12,"ref":"news.example","utm":"spring"}'
    assert params["metadata"]["mh_src"] == expected
    assert params["subscription_data"]["metadata"]["mh_src"] == expected
