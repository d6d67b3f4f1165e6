"""One handler per Stripe event type we act on. Each returns the reader it concerned;
`handle()` returns (status, reader). Every handler is idempotent and order-safe: the
membership changes carry the event's time and id (see members.services)."""

from masthead.members import queries as member_queries
from masthead.members import services as members
from masthead.members.models import Membership

from . import donations
from .models import Payment, StripeEvent
from .services import (
    NotOurs,
    complete_checkout,
    conversion_from,
    marker,
    record_payment,
    resolve_user,
    ts,
)

PROCESSED, IGNORED = StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED


def handle(event):
    # Donations' and gifts' objects go to their own handlers (payments/donations.py).
    handler = donations.route(event) or HANDLERS.get(event["type"])
    if handler is None:
        return IGNORED, None
    obj = event["data"]["object"]
    try:
        user = handler(obj, at=ts(event["created"]), key=event["id"])
    except NotOurs:
        return IGNORED, None
    return PROCESSED, user


def checkout_completed(session, at, key):
    return complete_checkout(session)


def _items(subscription):
    return (subscription.get("items") or {}).get("data", [])


def _subscription_tier(subscription):
    """By our metadata, else by a product of our tiers (members' per-process map: no query)."""
    metadata = subscription.get("metadata") or {}
    tier = member_queries.tier_by(pk=metadata.get("tier_id"))
    for item in _items(subscription):
        if tier is not None:
            break
        tier = member_queries.tier_by(product=(item.get("price") or {}).get("product"))
    return tier


def _period_end(subscription):
    # Older API versions carry it on the subscription, newer ones on each item.
    end = subscription.get("current_period_end")
    if not end:
        items = (subscription.get("items") or {}).get("data", [])
        end = max((item.get("current_period_end") or 0 for item in items), default=0)
    return ts(end)


def _subscription_amount(subscription):
    """(amount per period in minor units, currency) of a subscription's items."""
    amount, currency = 0, ""
    for item in _items(subscription):
        price = item.get("price") or {}
        amount += (price.get("unit_amount") or 0) * (item.get("quantity") or 1)
        currency = currency or price.get("currency") or ""
    return amount or None, currency


def subscription_changed(subscription, at, key, deleted=False):
    tier = _subscription_tier(subscription)
    metadata = subscription.get("metadata") or {}
    if metadata.get(marker()) != "1" and tier is None:
        raise NotOurs
    user = resolve_user(
        customer_id=subscription.get("customer"), metadata=subscription.get("metadata")
    )
    membership = Membership.objects.filter(user=user).first()
    status = "canceled" if deleted else subscription.get("status")
    other = (
        membership is not None
        and membership.is_entitled
        and membership.source == Membership.Source.STRIPE
        and membership.external_id
        and membership.external_id != subscription["id"]
    )
    if other:
        if status in ("active", "trialing", "past_due"):
            members.do_flag(
                user, f"two active subscriptions: {membership.external_id}, {subscription['id']}"
            )
        return user  # the membership follows its own subscription
    if status in ("active", "trialing"):
        members.do_grant_membership(
            user,
            tier,
            source=Membership.Source.STRIPE,
            external_id=subscription["id"],
            current_period_end=_period_end(subscription),
            at=at,
            key=key,
            reason=f"subscription {status}",
            conversion=conversion_from(metadata, *_subscription_amount(subscription)),
        )
    elif status in ("past_due", "unpaid"):
        members.do_mark_past_due(user, at=at, key=key)
    elif status in ("canceled", "incomplete_expired"):
        members.do_cancel(user, at=at, key=key, reason="subscription cancelled")
    elif status == "paused":
        members.do_lapse(user, at=at, key=key, reason="subscription paused")
    return user


def subscription_deleted(subscription, at, key):
    return subscription_changed(subscription, at, key, deleted=True)


def _invoice_subscription(invoice):
    """(subscription id, its metadata) in both the old and the 2025 invoice shapes."""
    parent = (invoice.get("parent") or {}).get("subscription_details") or {}
    details = invoice.get("subscription_details") or {}
    subscription = invoice.get("subscription") or parent.get("subscription")
    metadata = details.get("metadata") or parent.get("metadata") or {}
    return subscription, metadata


def _invoice_user(invoice):
    subscription, metadata = _invoice_subscription(invoice)
    membership = (
        Membership.objects.filter(external_id=subscription).select_related("user").first()
        if subscription
        else None
    )
    if membership is None and metadata.get(marker()) != "1":
        raise NotOurs
    if membership is not None:
        return membership.user, subscription, metadata
    return (
        resolve_user(customer_id=invoice.get("customer"), metadata=metadata),
        subscription,
        metadata,
    )


def invoice_paid(invoice, at, key):
    user, subscription, metadata = _invoice_user(invoice)
    amount, currency = invoice.get("amount_paid") or 0, invoice.get("currency") or ""
    record_payment(user, invoice["id"], amount, currency, at, invoice.get("charge"))
    lines = (invoice.get("lines") or {}).get("data", [])
    period_end = ts(max(((line.get("period") or {}).get("end") or 0 for line in lines), default=0))
    members.do_renew(
        user,
        current_period_end=period_end,
        at=at,
        key=key,
        tier=member_queries.tier_by(pk=metadata.get("tier_id")),
        external_id=subscription,
        conversion=conversion_from(metadata, amount, currency),
    )
    return user


def invoice_payment_failed(invoice, at, key):
    user, _, _ = _invoice_user(invoice)
    members.do_mark_past_due(user, at=at, key=key)
    return user


def _payment_for_charge(charge_id, payment_intent):
    payment = Payment.objects.filter(charge_id=charge_id).first() if charge_id else None
    if payment is None and payment_intent:
        payment = Payment.objects.filter(stripe_id=payment_intent).first()
    if payment is None:
        raise NotOurs  # a charge we never recorded: not one of ours
    return payment


def charge_refunded(charge, at, key):
    payment = _payment_for_charge(charge["id"], charge.get("payment_intent"))
    refunded = charge.get("amount_refunded") or 0
    full = refunded >= payment.amount
    payment.amount_refunded = refunded
    payment.charge_id = payment.charge_id or charge["id"]
    payment.status = Payment.Status.REFUNDED if full else Payment.Status.PARTIALLY_REFUNDED
    payment.save(update_fields=["amount_refunded", "charge_id", "status"])
    user = payment.user
    if user is not None and full:
        membership = Membership.objects.filter(user=user).first()
        if membership is not None and membership.source == Membership.Source.ONE_OFF:
            members.do_cancel(user, at=at, key=key, reason="payment refunded")
        else:
            members.do_flag(user, f"payment {payment.stripe_id} refunded")
    return user


def dispute_created(dispute, at, key):
    payment = _payment_for_charge(dispute.get("charge"), dispute.get("payment_intent"))
    payment.status = Payment.Status.DISPUTED
    payment.save(update_fields=["status"])
    if payment.user is not None:
        members.do_flag(payment.user, f"dispute on {payment.stripe_id}")
    return payment.user


HANDLERS = {
    "checkout.session.completed": checkout_completed,
    "customer.subscription.created": subscription_changed,
    "customer.subscription.updated": subscription_changed,
    "customer.subscription.deleted": subscription_deleted,
    "invoice.paid": invoice_paid,
    "invoice.payment_failed": invoice_payment_failed,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute_created,
}
