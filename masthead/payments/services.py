"""Checkout, the billing portal, price sync and webhook events. The only module family
that talks to Stripe; memberships change through masthead.members.services."""

import hashlib
import logging
import time
import traceback
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from masthead.core import attribution
from masthead.members import queries as member_queries
from masthead.members import services as members
from masthead.members.models import Membership, Tier, TierPrice

from . import stripe_api
from .models import CheckoutSession, Customer, Payment, StripeEvent

logger = logging.getLogger(__name__)
User = get_user_model()

ONE_OFF_TERM = timedelta(days=365)
# The metadata key carrying core.attribution's source through Stripe.
SOURCE_KEY = "mh_src"


def ts(value):
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def marker():
    return settings.STRIPE_METADATA_MARKER


def our_metadata(extra=None):
    return {marker(): "1", **(extra or {})}


def conversion_from(metadata, amount, currency):
    """What members records as the conversion if this event starts a membership."""
    source = attribution.loads((metadata or {}).get(SOURCE_KEY, ""))
    return {"source": source, "amount": amount, "currency": currency or ""}


# --- customers ---------------------------------------------------------------------


def do_ensure_customer(user):
    """The reader's Stripe customer id, created once (idempotency key per reader)."""
    existing = Customer.objects.filter(user=user).values_list("stripe_id", flat=True).first()
    if existing:
        return existing
    stripe = stripe_api.client()
    customer = stripe.Customer.create(
        email=user.email,
        metadata=our_metadata({"user_id": str(user.pk)}),
        idempotency_key=f"masthead-customer-{user.pk}",
    )
    return _link_customer(user, customer["id"])


def _link_customer(user, customer_id):
    """Remember that `customer_id` is this reader's; the first customer wins."""
    if not customer_id:
        return None
    try:
        with transaction.atomic():
            row, _ = Customer.objects.get_or_create(user=user, defaults={"stripe_id": customer_id})
    except IntegrityError:  # the customer id is already another reader's
        row = Customer.objects.get(stripe_id=customer_id)
    return row.stripe_id


# --- checkout ----------------------------------------------------------------------


def idempotency_key(request, choice):
    """The same reader making the same choice within ten minutes (a double click, a
    resubmitted form) gets the same Checkout Session back from Stripe."""
    who = (
        f"user:{request.user.pk}"
        if request.user.is_authenticated
        else f"anon:{request.META.get('CSRF_COOKIE', '')}"
    )
    window = int(time.time() // 600)
    raw = f"{who}|{choice.tier.pk}|{choice.price.pk if choice.price else ''}|{choice.amount}|{choice.currency}|{choice.interval}|{window}"
    return "masthead-checkout-" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def do_start_checkout(request, choice):
    """Create a Checkout Session on our server and return its URL."""
    stripe = stripe_api.client()
    user = request.user if request.user.is_authenticated else None
    metadata = our_metadata({"tier_id": str(choice.tier.pk)})
    if user is not None:
        metadata["user_id"] = str(user.pk)
    source = attribution.from_request(request)
    if source:
        # Where the reader came from travels with the session and the subscription,
        # and comes back in the webhook (conversion_from).
        metadata[SOURCE_KEY] = attribution.dumps(source)
    if (
        choice.price is not None
        and choice.price.external_price_id
        and (choice.price.external_amount == choice.price.amount)
    ):
        line_item = {"price": choice.price.external_price_id, "quantity": 1}
    else:
        price_data = {
            "currency": choice.currency,
            "unit_amount": choice.amount,
            "product_data": {"name": choice.tier.name},
        }
        if choice.tier.external_product_id:
            price_data.pop("product_data")
            price_data["product"] = choice.tier.external_product_id
        if choice.recurring:
            price_data["recurring"] = {"interval": choice.interval}
        line_item = {"price_data": price_data, "quantity": 1}
    mode = CheckoutSession.Mode.SUBSCRIPTION if choice.recurring else CheckoutSession.Mode.PAYMENT
    site = settings.SITE_URL
    params = {
        "mode": mode,
        "line_items": [line_item],
        "metadata": metadata,
        "success_url": site + reverse("payments:success") + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": site + reverse("payments:cancel"),
    }
    if mode == CheckoutSession.Mode.SUBSCRIPTION:
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["payment_intent_data"] = {"metadata": metadata}
        params["customer_creation"] = "always"
    if user is not None:
        params["client_reference_id"] = str(user.pk)
        params["customer"] = do_ensure_customer(user)
    key = idempotency_key(request, choice)
    session = stripe.checkout.Session.create(**params, idempotency_key=key)
    CheckoutSession.objects.get_or_create(
        stripe_id=session["id"],
        defaults={
            "user": user,
            "tier": choice.tier,
            "mode": mode,
            "amount": choice.amount,
            "currency": choice.currency,
            "interval": choice.interval or "",
            "idempotency_key": key,
        },
    )
    return session["url"]


def do_billing_portal_url(user, return_url):
    customer = Customer.objects.filter(user=user).first()
    if customer is None:
        return None
    stripe = stripe_api.client()
    portal = stripe.billing_portal.Session.create(
        customer=customer.stripe_id, return_url=return_url
    )
    return portal["url"]


def do_confirm_checkout(session_id):
    """The success page's check: if Stripe says the session is complete and paid, grant
    now rather than wait for the webhook. Both paths call `complete_checkout` with the
    same change key, so whichever comes second changes nothing."""
    stripe = stripe_api.client()
    session = stripe_api.as_dict(stripe.checkout.Session.retrieve(session_id))
    if session.get("status") == "complete":
        with transaction.atomic():
            complete_checkout(session)
    return session


class NotOurs(Exception):
    """An object on a shared Stripe account that another product made."""


def complete_checkout(session):
    """Link the buyer, and grant the membership a paid checkout bought. Idempotent."""
    metadata = session.get("metadata") or {}
    if metadata.get(marker()) != "1":
        raise NotOurs
    details = session.get("customer_details") or {}
    user = resolve_user(
        customer_id=session.get("customer"),
        metadata=metadata,
        client_reference_id=session.get("client_reference_id"),
        email=details.get("email") or session.get("customer_email"),
        create=True,
    )
    CheckoutSession.objects.filter(stripe_id=session["id"], completed_at=None).update(
        completed_at=timezone.now(), user=user
    )
    if session.get("payment_status") not in ("paid", "no_payment_required"):
        return user  # e.g. a bank debit still clearing: invoice.paid will grant
    tier = member_queries.tier_by(pk=metadata.get("tier_id"))
    at = ts(session.get("created"))
    key = f"checkout:{session['id']}"
    conversion = conversion_from(metadata, session.get("amount_total"), session.get("currency"))
    if session.get("mode") == "subscription":
        members.do_grant_membership(
            user,
            tier,
            source=Membership.Source.STRIPE,
            external_id=session.get("subscription") or "",
            at=at,
            key=key,
            reason="checkout completed",
            conversion=conversion,
        )
    else:
        record_payment(
            user,
            session.get("payment_intent") or session["id"],
            session.get("amount_total") or 0,
            session.get("currency") or "",
            at,
        )
        members.do_grant_membership(
            user,
            tier,
            source=Membership.Source.ONE_OFF,
            current_period_end=at + ONE_OFF_TERM,
            at=at,
            key=key,
            reason="one-off payment",
            conversion=conversion,
        )
    return user


def resolve_user(
    *, customer_id=None, metadata=None, client_reference_id=None, email=None, create=False
):
    """The reader a Stripe object belongs to: by customer id first, then our metadata or
    client_reference_id, then the email address. Paying with another address therefore
    never makes a second reader once the customer is known."""
    metadata = metadata or {}
    user = None
    if customer_id:
        user = User.objects.filter(stripe_customer__stripe_id=customer_id).first()
        if user is not None:
            return user  # already linked
    for candidate in (metadata.get("user_id"), client_reference_id):
        if user is None and candidate and str(candidate).isdigit():
            user = User.objects.filter(pk=int(candidate), is_active=True).first()
    if user is None and customer_id and not email:
        customer = stripe_api.as_dict(stripe_api.client().Customer.retrieve(customer_id))
        email = customer.get("email")
    if user is None and email:
        email = email.strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None and create:
            try:
                with transaction.atomic():
                    user = User.objects.create_user(email)
            except IntegrityError:
                user = User.objects.get(email=email)
    if user is None:
        raise LookupError(f"no reader for customer {customer_id!r}")
    _link_customer(user, customer_id)
    return user


def record_payment(user, stripe_id, amount, currency, at, charge_id=""):
    """The payment, once by its Stripe id (one INSERT … ON CONFLICT DO NOTHING)."""
    Payment.objects.bulk_create(
        [
            Payment(
                stripe_id=stripe_id,
                user=user,
                amount=amount,
                currency=currency,
                paid_at=at or timezone.now(),
                charge_id=charge_id or "",
            )
        ],
        ignore_conflicts=True,
    )


# --- webhook events ------------------------------------------------------------------


class _Stored(Exception):
    """Another delivery of this event was stored first: undo this one's work."""


def do_receive_event(event):
    """Handle a verified event, and store it once by id with the outcome, in one commit.

    The handler runs first and the event row is written last, in the same transaction,
    with an insert that stores a new id, turns a failed row into the outcome, and leaves
    a processed or ignored one as it is (`_store`). When a row was already there (a
    replay, or a concurrent delivery that committed first: concurrent ones queue on the
    membership's row lock) the transaction rolls back, so the handler's writes and its
    after-commit effects (the welcome email) never happen twice. A handler error rolls
    its writes back and is stored on the row (status failed); the caller answers 5xx so
    Stripe retries. Why this order: on PostgreSQL the flush of each commit is most of an
    event's cost, and storing the row first then updating it took two commits and four
    more queries per event (the webhook bench)."""
    from . import handlers

    try:
        with transaction.atomic():
            outcome, user = handlers.handle(event)
            row = _store(event, outcome, user=user)
            if row is None:
                raise _Stored
            return row
    except _Stored:
        return StripeEvent.objects.get(stripe_id=event["id"])
    except Exception:
        logger.exception("Stripe event %s (%s) failed", event["id"], event["type"])
        error = traceback.format_exc()[-4000:]
        with transaction.atomic():
            row = _store(event, StripeEvent.Status.FAILED, error=error)
        return row or StripeEvent.objects.get(stripe_id=event["id"])


def _store_sql():
    """(fields, SQL) of `_store`; every name in it comes from the model, none from input."""
    quote = connection.ops.quote_name
    fields = [f for f in StripeEvent._meta.concrete_fields if not f.primary_key]
    table = quote(StripeEvent._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    updated = ", ".join(
        f"{quote(c)} = excluded.{quote(c)}"
        for c in ("status", "handler_error", "data", "processed_at", "user_id")
    )
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608  # nosec B608 - model names only
        f"ON CONFLICT ({quote('stripe_id')}) DO UPDATE SET {updated} "
        f"WHERE {table}.{quote('status')} = %s RETURNING {quote('id')}"
    )
    return fields, sql


def _store(event, status, *, user=None, error=""):
    """Insert the event row, or turn a failed row for its id into this outcome; None when
    a processed or ignored row was there already. One statement (INSERT … ON CONFLICT …
    DO UPDATE … WHERE … RETURNING, as PostgreSQL and SQLite 3.35+ both write it)."""
    now = timezone.now()
    row = StripeEvent(
        stripe_id=event["id"],
        type=event["type"],
        status=status,
        handler_error=error,
        data=event,
        created=ts(event["created"]),
        received_at=now,
        processed_at=now,
        user=user,
    )
    fields, sql = _store_sql()
    values = [f.get_db_prep_save(f.pre_save(row, add=False), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, StripeEvent.Status.FAILED])
        found = cursor.fetchone()
    if found is None:
        return None
    row.pk = found[0]
    return row


# --- prices ---------------------------------------------------------------------------


def do_sync_tier(tier):
    """Create or update the tier's Product and a Price for each of its prices at Stripe.

    Stripe prices are immutable: a changed amount gets a new Price and the old one is
    archived. Idempotency keys name the tier, price and amount, so a retry or a second
    click creates nothing twice."""
    stripe = stripe_api.client()
    tier = Tier.objects.get(pk=tier.pk)
    product_id = tier.external_product_id
    fields = {"name": tier.name, "description": tier.description or None, "active": tier.active}
    if product_id:
        stripe.Product.modify(product_id, **fields)
    else:
        product = stripe.Product.create(
            **fields,
            metadata=our_metadata({"tier_id": str(tier.pk)}),
            idempotency_key=f"masthead-product-{tier.pk}",
        )
        product_id = product["id"]
    synced = []
    for price in TierPrice.objects.filter(tier=tier):
        if price.external_price_id and price.external_amount == price.amount:
            continue
        created = stripe.Price.create(
            product=product_id,
            currency=price.currency,
            unit_amount=price.amount,
            recurring={"interval": price.interval},
            metadata=our_metadata({"tier_id": str(tier.pk)}),
            idempotency_key=f"masthead-price-{price.pk}-{price.currency}-{price.amount}",
        )
        if price.external_price_id:
            stripe.Price.modify(price.external_price_id, active=False)
        synced.append((price.pk, created["id"], price.amount))
    members.do_set_external_ids(tier=tier, product_id=product_id, prices=synced)
    return len(synced)


# --- account deletion -----------------------------------------------------------------


def erase_customer(user):
    """Account deletion: cancel the subscription and delete the customer at Stripe
    after commit (Stripe deletes the card and address it holds), and forget the link."""
    customer = Customer.objects.filter(user=user).first()
    subscription = (
        Membership.objects.filter(
            user=user, source=Membership.Source.STRIPE, status__in=Membership.ENTITLED
        )
        .exclude(external_id="")
        .values_list("external_id", flat=True)
        .first()
    )
    if customer is None and not subscription:
        return
    customer_id = customer.stripe_id if customer else None
    if customer is not None:
        customer.delete()

    def cancel_at_stripe():
        stripe = stripe_api.client()
        if subscription:
            stripe.Subscription.cancel(subscription)
        if customer_id:
            stripe.Customer.delete(customer_id)

    if stripe_api.is_configured():
        transaction.on_commit(cancel_at_stripe)
