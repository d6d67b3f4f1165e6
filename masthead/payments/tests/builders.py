"""Stripe objects and events for one reader's subscription, from the recorded fixtures."""

import json

from django.urls import reverse

from .fake_stripe import event, fixture, signed

T0 = 1_733_300_000
MONTH = 30 * 86400


class Story:
    """The Stripe side of one reader's membership: ids shared by all its events."""

    def __init__(self, user, tier, n=1, marker=True):
        self.user, self.tier, self.n = user, tier, n
        self.customer = f"cus_story{n}"
        self.subscription = f"sub_story{n}"
        self.metadata = (
            {"masthead": "1", "tier_id": str(tier.pk), "user_id": str(user.pk)} if marker else {}
        )

    def session(self, mode="subscription", **fields):
        data = fixture(
            "checkout_session",
            id=f"cs_story{self.n}",
            mode=mode,
            status="complete",
            payment_status="paid",
            customer=self.customer,
            client_reference_id=str(self.user.pk),
            customer_details={"email": self.user.email, "name": None},
            metadata=self.metadata,
            subscription=self.subscription if mode == "subscription" else None,
            payment_intent=None if mode == "subscription" else f"pi_story{self.n}",
            created=T0,
        )
        data.update(fields)
        return data

    def sub(self, status="active", period_end=T0 + MONTH):
        data = fixture(
            "subscription",
            id=self.subscription,
            customer=self.customer,
            status=status,
            metadata=self.metadata,
        )
        data["items"]["data"][0]["current_period_end"] = period_end
        return data

    def invoice(self, n, period_end, paid=True):
        data = fixture(
            "invoice",
            id=f"in_story{self.n}_{n}",
            customer=self.customer,
            amount_paid=500 if paid else 0,
            status="paid" if paid else "open",
        )
        data["parent"]["subscription_details"] = {
            "metadata": self.metadata,
            "subscription": self.subscription,
        }
        data["lines"]["data"][0]["period"] = {"start": period_end - MONTH, "end": period_end}
        return data

    def events(self):
        """A year's worth of a subscription's life: join, renew, fail, recover, cancel."""
        n = self.n
        return [
            event("checkout.session.completed", self.session(), id=f"evt_{n}_a", created=T0 + 5),
            event("customer.subscription.created", self.sub(), id=f"evt_{n}_b", created=T0 + 5),
            event("invoice.paid", self.invoice(1, T0 + MONTH), id=f"evt_{n}_c", created=T0 + 6),
            event(
                "invoice.paid", self.invoice(2, T0 + 2 * MONTH), id=f"evt_{n}_d", created=T0 + MONTH
            ),
            event(
                "invoice.payment_failed",
                self.invoice(3, T0 + 3 * MONTH, paid=False),
                id=f"evt_{n}_e",
                created=T0 + 2 * MONTH,
            ),
            event(
                "customer.subscription.updated",
                self.sub("past_due", T0 + 3 * MONTH),
                id=f"evt_{n}_f",
                created=T0 + 2 * MONTH + 1,
            ),
            event(
                "invoice.paid",
                self.invoice(3, T0 + 3 * MONTH),
                id=f"evt_{n}_g",
                created=T0 + 2 * MONTH + 86400,
            ),
            event(
                "customer.subscription.updated",
                self.sub("active", T0 + 3 * MONTH),
                id=f"evt_{n}_h",
                created=T0 + 2 * MONTH + 86401,
            ),
            event(
                "customer.subscription.deleted",
                self.sub("canceled", T0 + 3 * MONTH),
                id=f"evt_{n}_i",
                created=T0 + 3 * MONTH,
            ),
        ]


def deliver(client, evt, **kwargs):
    payload = json.dumps(evt).encode()
    return client.post(
        reverse("payments:webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(payload, **kwargs),
    )
