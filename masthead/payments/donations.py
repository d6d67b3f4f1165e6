"""Donations and gift purchases through Stripe Checkout, and their webhook events.

Both start a Checkout Session with `price_data` (any amount) and our metadata, with
`kind` set to "donation" or "gift": `route(event)` sends those objects' events here
before the membership handlers see them, so a donor's monthly subscription never grants
a membership. Every write is idempotent on the Checkout Session id (then the invoice
id for a monthly donation's later months): a replayed webhook, the thank-you page's own
check and a retry all find the row and do nothing more.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.core import attribution
from masthead.members import campaigns, gifts

from . import stripe_api
from .models import CheckoutSession, Donation, Payment
from .services import marker, our_metadata, resolve_user, ts

logger = logging.getLogger(__name__)

DONATION, GIFT = "donation", "gift"


def _key(request, *parts):
    """The same reader sending the same form within ten minutes (a double click) gets
    the same Checkout Session back from Stripe."""
    who = (
        f"user:{request.user.pk}"
        if request.user.is_authenticated
        else f"anon:{request.META.get('CSRF_COOKIE', '')}"
    )
    raw = "|".join(str(p) for p in (who, *parts, int(time.time() // 600)))
    return "masthead-funding-" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _session(request, *, mode, amount, currency, name, metadata, success_url, key, interval=""):
    stripe = stripe_api.client()
    user = request.user if request.user.is_authenticated else None
    price_data = {"currency": currency, "unit_amount": amount, "product_data": {"name": name}}
    if mode == CheckoutSession.Mode.SUBSCRIPTION:
        price_data["recurring"] = {"interval": interval}
    params = {
        "mode": mode,
        "line_items": [{"price_data": price_data, "quantity": 1}],
        "metadata": metadata,
        "success_url": success_url,
        "cancel_url": settings.SITE_URL + reverse("payments:cancel"),
    }
    if mode == CheckoutSession.Mode.SUBSCRIPTION:
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["payment_intent_data"] = {"metadata": metadata}
        params["customer_creation"] = "always"
    if user is not None:
        from .services import do_ensure_customer

        params["client_reference_id"] = str(user.pk)
        params["customer"] = do_ensure_customer(user)
    session = stripe.checkout.Session.create(**params, idempotency_key=key)
    CheckoutSession.objects.get_or_create(
        stripe_id=session["id"],
        defaults={
            "user": user,
            "tier": None,
            "mode": mode,
            "amount": amount,
            "currency": currency,
            "interval": interval,
            "idempotency_key": key,
        },
    )
    return session


def do_start_donation(request, choice):
    """A Checkout Session for a donation (payment mode, or subscription mode monthly)."""
    metadata = our_metadata({"kind": DONATION, "src": attribution.dumps(choice.source)})
    if request.user.is_authenticated:
        metadata["user_id"] = str(request.user.pk)
    mode = CheckoutSession.Mode.SUBSCRIPTION if choice.monthly else CheckoutSession.Mode.PAYMENT
    session = _session(
        request,
        mode=mode,
        amount=choice.amount,
        currency=choice.currency,
        interval="month" if choice.monthly else "",
        name=_("Monthly donation") if choice.monthly else _("Donation"),
        metadata=metadata,
        success_url=settings.SITE_URL + reverse("members:donate-thanks"),
        key=_key(request, DONATION, choice.amount, choice.currency, choice.monthly),
    )
    return session["url"]


def do_start_gift(request, gift):
    """A Checkout Session for a pending gift (payment mode; no account needed)."""
    metadata = our_metadata({"kind": GIFT, "gift_id": str(gift.pk)})
    session = _session(
        request,
        mode=CheckoutSession.Mode.PAYMENT,
        amount=gift.amount,
        currency=gift.currency,
        name=_("Gift membership: %(tier)s, %(months)s months")
        % {"tier": gift.tier.name, "months": gift.months},
        metadata=metadata,
        success_url=settings.SITE_URL
        + reverse("members:gift-thanks")
        + "?session_id={CHECKOUT_SESSION_ID}",
        key=_key(request, GIFT, gift.pk),
    )
    gifts.do_set_checkout(gift.pk, session["id"])
    return session["url"]


# --- webhook events ----------------------------------------------------------------


def _kind(metadata):
    metadata = metadata or {}
    if metadata.get(marker()) != "1":
        return None
    return metadata.get("kind") if metadata.get("kind") in (DONATION, GIFT) else None


def _invoice_metadata(invoice):
    parent = (invoice.get("parent") or {}).get("subscription_details") or {}
    details = invoice.get("subscription_details") or {}
    return details.get("metadata") or parent.get("metadata") or {}


def route(event):
    """The handler for a donation's or a gift's event, or None for the others."""
    obj = event["data"]["object"]
    kind_of = event["type"]
    if kind_of == "checkout.session.completed":
        kind = _kind(obj.get("metadata"))
        return {DONATION: donation_checkout_completed, GIFT: gift_checkout_completed}.get(kind)
    if kind_of.startswith("customer.subscription."):
        return subscription_event if _kind(obj.get("metadata")) == DONATION else None
    if kind_of == "invoice.paid":
        return invoice_paid if _kind(_invoice_metadata(obj)) == DONATION else None
    if kind_of == "invoice.payment_failed":
        return subscription_event if _kind(_invoice_metadata(obj)) == DONATION else None
    if kind_of == "charge.refunded":
        intent = obj.get("payment_intent")
        ours = (
            Donation.objects.filter(payment_ref=intent).exists() if intent else False
        ) or gifts.gift_for_payment(intent) is not None
        if ours and not Payment.objects.filter(stripe_id=intent).exists():
            return charge_refunded
    return None


def _paid(session):
    return session.get("payment_status") in ("paid", "no_payment_required")


def donation_checkout_completed(session, at, key):
    if not _paid(session):
        return None
    details = session.get("customer_details") or {}
    email = (details.get("email") or session.get("customer_email") or "").strip().lower()
    user = resolve_user(
        customer_id=session.get("customer"),
        metadata=session.get("metadata"),
        client_reference_id=session.get("client_reference_id") or _reader_id(email),
        email=email,
        create=True,
    )
    CheckoutSession.objects.filter(stripe_id=session["id"], completed_at=None).update(
        completed_at=timezone.now(), user=user
    )
    monthly = session.get("mode") == "subscription"
    do_record_donation(
        stripe_id=session["id"],
        user=user,
        amount=session.get("amount_total") or 0,
        currency=session.get("currency") or "",
        monthly=monthly,
        subscription_id=session.get("subscription") or "",
        payment_ref=session.get("payment_intent") or "",
        at=ts(session.get("created")) or at,
        source=attribution.loads((session.get("metadata") or {}).get("src", "")),
    )
    return user


def _reader_id(email):
    """The id of the reader with this address, made if new, by an exact match on the
    unique (lower-case) address: resolve_user's case-insensitive lookup cannot use the
    index, a full scan of the readers at a million of them (bench/funding.py)."""
    if not email:
        return None
    User = get_user_model()
    found = User.objects.filter(email=email).values_list("pk", flat=True).first()
    if found is None:
        try:
            with transaction.atomic():
                found = User.objects.create_user(email).pk
        except IntegrityError:
            found = User.objects.filter(email=email).values_list("pk", flat=True).first()
    return str(found) if found else None


def invoice_paid(invoice, at, key):
    """A monthly donation's later months (the first is the Checkout Session's)."""
    if invoice.get("billing_reason") == "subscription_create":
        return None
    metadata = _invoice_metadata(invoice)
    user = resolve_user(customer_id=invoice.get("customer"), metadata=metadata)
    parent = (invoice.get("parent") or {}).get("subscription_details") or {}
    do_record_donation(
        stripe_id=invoice["id"],
        user=user,
        amount=invoice.get("amount_paid") or 0,
        currency=invoice.get("currency") or "",
        monthly=True,
        subscription_id=invoice.get("subscription") or parent.get("subscription") or "",
        payment_ref=invoice.get("payment_intent") or "",
        at=at,
        source=None,
    )
    return user


def subscription_event(obj, at, key):
    """A monthly donation's subscription changed or a month failed: nothing to grant
    (donors are not members); Stripe's own emails ask the donor to update their card."""
    return None


def charge_refunded(charge, at, key):
    intent = charge.get("payment_intent")
    refunded = (charge.get("amount_refunded") or 0) >= (charge.get("amount") or 1)
    if refunded:
        Donation.objects.filter(payment_ref=intent).update(status=Donation.Status.REFUNDED)
        gifts.do_revoke_for_refund(intent)
    return None


def gift_checkout_completed(session, at, key):
    if not _paid(session):
        return None
    metadata = session.get("metadata") or {}
    details = session.get("customer_details") or {}
    gift_id = metadata.get("gift_id")
    if not str(gift_id or "").isdigit():
        return None
    CheckoutSession.objects.filter(stripe_id=session["id"], completed_at=None).update(
        completed_at=timezone.now()
    )
    gifts.do_mark_gift_paid(
        int(gift_id),
        session_id=session["id"],
        payment_ref=session.get("payment_intent") or "",
        buyer_email=details.get("email") or session.get("customer_email") or "",
        at=ts(session.get("created")) or at,
    )
    return None


@transaction.atomic
def do_record_donation(
    *, stripe_id, user, amount, currency, monthly, subscription_id, payment_ref, at, source
):
    """Record a donation once by `stripe_id`; the first time, count the donor and the
    money, send the receipt and the conversion. Returns (donation, created)."""
    email = user.email if user is not None else ""
    donation, created = Donation.objects.get_or_create(
        stripe_id=stripe_id,
        defaults={
            "user": user,
            "email": email,
            "amount": amount,
            "currency": currency.lower(),
            "monthly": monthly,
            "subscription_id": subscription_id,
            "payment_ref": payment_ref,
            "paid_at": at or timezone.now(),
        },
    )
    if not created:
        return donation, False
    campaigns.do_count_donation(
        email=email,
        key=f"donation:{stripe_id}",
        amount=amount,
        currency=currency.lower(),
        at=at,
        monthly=monthly,
    )
    if source is not None:
        attribution.record_conversion(
            DONATION,
            source,
            amount=amount,
            currency=currency.lower(),
            ref=f"donation:{donation.pk}",
        )
    if email:
        context = {"donation": donation, "site_url": settings.SITE_URL}
        body = render_to_string("payments/email/donation_receipt.txt", context)
        transaction.on_commit(
            lambda: send_mail(
                _("Thank you for your donation"), body, settings.DEFAULT_FROM_EMAIL, [email]
            ),
            robust=True,
        )
    return donation, True


# --- a member's gift moves their next charge -------------------------------------------


def gift_extended_membership(sender, user_id, membership_id, months, ends_at, **kwargs):
    """A paying subscriber redeemed a gift: their membership now runs to `ends_at`, so
    Stripe must not charge them before then. Moving the trial end pushes the next
    invoice past the gift without proration (after commit; the signal is sent then)."""
    from masthead.members.models import Membership

    membership = Membership.objects.filter(pk=membership_id).first()
    if (
        membership is None
        or membership.source != Membership.Source.STRIPE
        or not membership.external_id
        or not stripe_api.is_configured()
    ):
        return
    stripe_api.client().Subscription.modify(
        membership.external_id,
        trial_end=int(ends_at.timestamp()),
        proration_behavior="none",
        idempotency_key=f"masthead-gift-extend-{membership_id}-{int(ends_at.timestamp())}",
    )


def payment_saved(sender, instance, created, **kwargs):
    """A membership payment (payments.Payment) counts in amount campaigns; inside the
    transaction that recorded it."""
    if created:
        campaigns.do_count_payment(
            key=f"payment:{instance.stripe_id}",
            amount=instance.amount,
            currency=instance.currency.lower(),
            at=instance.paid_at,
            # a subscription's invoice (one-off payments are payment intents)
            recurring=instance.stripe_id.startswith("in_"),
        )


@transaction.atomic
def do_recount():
    """Every funding counter again from the records: members' (supporters, campaigns,
    members, joins, departures, gifts) and the money by month (donations, recurring
    revenue). A repair, and the first run on an install with history; never per view."""
    total = campaigns.do_recount()
    rows = {}
    paid = Donation.objects.filter(status=Donation.Status.PAID)
    for currency, month, amount, count, recurring in (
        paid.annotate(month=TruncMonth("paid_at"))
        .values("currency", "month")
        .annotate(
            total=Sum("amount"),
            n=Count("pk"),
            monthly_total=Sum("amount", filter=Q(monthly=True)),
        )
        .values_list("currency", "month", "total", "n", "monthly_total")
    ):
        rows[(f"donated:{currency}", month)] = amount or 0
        rows[(f"donations:{currency}", month)] = count
        rows[(f"recurring:{currency}", month)] = recurring or 0
    invoices = Payment.objects.filter(stripe_id__startswith="in_").exclude(
        status=Payment.Status.REFUNDED
    )
    for currency, month, amount in (
        invoices.annotate(month=TruncMonth("paid_at"))
        .values("currency", "month")
        .annotate(total=Sum("amount"))
        .values_list("currency", "month", "total")
    ):
        key = (f"recurring:{currency}", month)
        rows[key] = rows.get(key, 0) + (amount or 0)
    kinds = sorted({kind.split(":")[0] for kind, _ in rows} | {"donated", "donations", "recurring"})
    campaigns.replace_month_counters(kinds, rows)
    return total


# --- a reader's data -------------------------------------------------------------------


def reader_data(user):
    return {
        "donations": [
            {
                "amount": donation.amount,
                "currency": donation.currency,
                "monthly": donation.monthly,
                "status": donation.status,
                "paid_at": donation.paid_at.isoformat(),
            }
            for donation in Donation.objects.filter(user=user)
        ]
    }


def erase_donor(user):
    """Account deletion: the donations stay as money records, without the address; a
    monthly donation's subscription is cancelled at Stripe after commit."""
    subscriptions = set(
        Donation.objects.filter(user=user, monthly=True)
        .exclude(subscription_id="")
        .values_list("subscription_id", flat=True)
    )
    Donation.objects.filter(user=user).update(email="", user=None)
    if subscriptions and stripe_api.is_configured():

        def cancel():
            for subscription in subscriptions:
                stripe_api.client().Subscription.cancel(subscription)

        transaction.on_commit(cancel)
