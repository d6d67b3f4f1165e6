"""Gift memberships: bought without an account, delivered on a date, redeemed once.

A gift is created (pending) when the buyer submits the form, paid through the checkout
provider (payments calls `do_mark_gift_paid` from its webhook, idempotent on the Checkout
Session), delivered by email on its date (`deliver_gift_task`, and the periodic scan
`do_send_due` behind `manage.py send_gift_emails`) or printed by the buyer, and redeemed
with its secret code: the first reader to redeem gets the membership for its term,
counted from that day; anyone after gets "already redeemed". A member's gift extends
their membership (payments moves their next charge, `gift_redeemed`). A refund revokes a
gift not yet redeemed. Every state change is a conditional UPDATE or runs under the
gift's row lock, so each email goes once however many times a task runs.
"""

import logging
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.core import attribution
from masthead.core.tasks import enqueue_on_commit

from . import campaigns, queries, services
from .models import Gift, Membership, Supporter, TierPrice

logger = logging.getLogger(__name__)

# Sent after commit when a gift extended an existing membership: user_id, membership_id,
# months, ends_at (payments moves a subscription's next charge past it).
gift_redeemed = Signal()


class GiftError(Exception):
    """A gift that cannot be redeemed (unpaid, revoked, someone else's)."""


def price_for(tier, months, currency=None):
    """What `months` of `tier` cost as a gift, in minor units: the yearly price per
    month when the tier has one (the better deal), else the monthly price; None when the
    tier has no price in that currency."""
    currency = (currency or settings.MEMBERS_CURRENCY).lower()
    prices = {p.interval: p.amount for p in tier.prices.all() if p.currency == currency}
    if TierPrice.Interval.YEAR in prices:
        return round(prices[TierPrice.Interval.YEAR] * months / 12)
    if TierPrice.Interval.MONTH in prices:
        return prices[TierPrice.Interval.MONTH] * months
    return None


def redeem_url(gift):
    return settings.SITE_URL + reverse("members:gift-redeem", args=[gift.code])


def _deliver_at(gift):
    """The moment the delivery date begins, in the site's time zone."""
    return timezone.make_aware(datetime.combine(gift.deliver_on, time.min))


@transaction.atomic
def do_create_gift(
    *,
    tier,
    months,
    recipient_name,
    recipient_email="",
    message="",
    delivery=Gift.Delivery.EMAIL,
    deliver_on=None,
    buyer_name="",
    buyer_email="",
    currency=None,
    source=None,
):
    """A pending gift (nothing is delivered until payments says it is paid)."""
    currency = (currency or settings.MEMBERS_CURRENCY).lower()
    amount = price_for(tier, months, currency)
    if amount is None or months not in Gift.TERMS:
        raise GiftError(_("That gift is not offered."))
    return Gift.objects.create(
        tier=tier,
        months=months,
        amount=amount,
        currency=currency,
        recipient_name=recipient_name,
        recipient_email=(recipient_email or "").strip().lower(),
        message=message,
        delivery=delivery,
        deliver_on=deliver_on or timezone.localdate(),
        buyer_name=buyer_name,
        buyer_email=(buyer_email or "").strip().lower(),
        source=attribution.dumps(source or {}),
    )


@transaction.atomic
def do_set_checkout(gift_id, session_id):
    Gift.objects.filter(pk=gift_id, status=Gift.Status.PENDING).update(
        checkout_session_id=session_id
    )


@transaction.atomic
def do_mark_gift_paid(gift_id, *, session_id, payment_ref="", buyer_email="", at=None):
    """Payments saw the gift's checkout paid. The first call moves it to paid, counts the
    buyer as a supporter and the money in campaigns, sends the receipt and schedules the
    delivery; later calls (a replayed webhook, the success page) change nothing.
    Returns the gift, or None when there is no such pending gift."""
    at = at or timezone.now()
    gift = Gift.objects.select_for_update().filter(pk=gift_id).first()
    if gift is None:
        return None
    if gift.status != Gift.Status.PENDING:
        return gift
    gift.status = Gift.Status.PAID
    gift.paid_at = at
    gift.checkout_session_id = session_id
    gift.payment_ref = payment_ref or ""
    gift.buyer_email = gift.buyer_email or (buyer_email or "").strip().lower()
    gift.save()
    campaigns.count_supporter(gift.buyer_email, Supporter.Kind.GIFT, at)
    campaigns.count_money(key=f"gift:{gift.pk}", amount=gift.amount, currency=gift.currency, at=at)
    campaigns.count_month("gifts_bought", at)
    attribution.record_conversion(
        "gift",
        attribution.loads(gift.source),
        amount=gift.amount,
        currency=gift.currency,
        ref=f"gift:{gift.pk}",
    )
    _mail_on_commit(gift.buyer_email, _("Your gift membership"), "receipt", gift)
    if gift.delivery == Gift.Delivery.EMAIL:
        from .tasks import deliver_gift_task

        when = _deliver_at(gift)
        run_after = when if when > timezone.now() and _can_defer(deliver_gift_task) else None
        if run_after is not None or when <= timezone.now():
            enqueue_on_commit(deliver_gift_task, gift.pk, run_after=run_after)
    return gift


def _can_defer(task):
    return task.get_backend().supports_defer


def _mail_on_commit(to, subject, template, gift, **extra):
    if not to:
        return
    context = {
        "gift": gift,
        "redeem_url": redeem_url(gift),
        "site_url": settings.SITE_URL,
        "membership_url": settings.SITE_URL + reverse("members:membership"),
        **extra,
    }
    body = render_to_string(f"members/email/gift_{template}.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]),
        robust=True,
    )


def do_deliver_gift(gift_id, now=None):
    """Email the recipient their redeem link, once, on or after the delivery date.
    Safe to run twice and early: the conditional UPDATE claims the delivery."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Gift.objects.filter(
            pk=gift_id,
            status=Gift.Status.PAID,
            delivery=Gift.Delivery.EMAIL,
            deliver_on__lte=timezone.localdate(now),
            delivered_at=None,
        ).update(status=Gift.Status.DELIVERED, delivered_at=now)
        if not claimed:
            return False
        gift = Gift.objects.select_related("tier").get(pk=gift_id)
        _send_delivery(gift)
    return True


def _send_delivery(gift):
    buyer = gift.buyer_name or _("Someone")
    subject = _("%(buyer)s gave you a membership") % {"buyer": buyer}
    _mail_on_commit(gift.recipient_email, subject, "delivery", gift)


@transaction.atomic
def do_resend_delivery(gift_id):
    """An editor's "resend the delivery email": the same redeem link again (the gift
    must be paid and not revoked; a redeemed gift's link says it was redeemed)."""
    gift = Gift.objects.select_related("tier").filter(pk=gift_id).first()
    if gift is None or gift.status in (Gift.Status.PENDING, Gift.Status.REVOKED):
        return False
    if not gift.recipient_email:
        return False
    if gift.status == Gift.Status.PAID:
        Gift.objects.filter(pk=gift.pk, status=Gift.Status.PAID).update(
            status=Gift.Status.DELIVERED, delivered_at=timezone.now()
        )
    _send_delivery(gift)
    return True


def do_redeem(gift_code, user, now=None):
    """Give `user` the gift's membership, once. Returns (gift, created): created is False
    when this reader had already redeemed it. Raises GiftError when someone else did, or
    the gift is not paid or was revoked."""
    now = now or timezone.now()
    with transaction.atomic():
        gift = Gift.objects.select_for_update().filter(code=gift_code).first()
        if gift is None:
            raise GiftError(_("This gift link is not valid."))
        if gift.status == Gift.Status.REDEEMED:
            if gift.redeemed_by_id == user.pk:
                return gift, False
            raise GiftError(_("This gift has already been redeemed."))
        if gift.status not in Gift.REDEEMABLE:
            raise GiftError(_("This gift cannot be redeemed."))
        membership = Membership.objects.select_for_update().filter(user=user).first()
        term = relativedelta(months=gift.months)
        existing = membership is not None and membership.is_entitled
        if existing:
            start = max(now, membership.current_period_end or now)
            ends_at = start + term
            services.do_grant_membership(
                user,
                None,
                source=None,
                current_period_end=ends_at,
                at=now,
                key=f"gift:{gift.pk}",
                reason="gift redeemed (extended)",
            )
        else:
            ends_at = now + term
            services.do_grant_membership(
                user,
                gift.tier,
                source=Membership.Source.GIFT,
                current_period_end=ends_at,
                at=now,
                key=f"gift:{gift.pk}",
                reason="gift redeemed",
            )
        gift.status = Gift.Status.REDEEMED
        gift.redeemed_by = user
        gift.redeemed_at = now
        gift.ends_at = ends_at
        gift.save()
        campaigns.count_month("gifts_redeemed", now)
        _mail_on_commit(gift.buyer_email, _("Your gift was redeemed"), "redeemed", gift)
        if existing:
            membership_id, months, user_id = membership.pk, gift.months, user.pk
            transaction.on_commit(
                lambda: gift_redeemed.send(
                    Gift,
                    user_id=user_id,
                    membership_id=membership_id,
                    months=months,
                    ends_at=ends_at,
                )
            )
    return gift, True


@transaction.atomic
def do_revoke_for_refund(payment_ref):
    """A refund of a gift's payment: an unredeemed gift can no longer be redeemed; a
    redeemed one is flagged for an editor (the reader keeps what they were given)."""
    if not payment_ref:
        return None
    gift = Gift.objects.select_for_update().filter(payment_ref=payment_ref).first()
    if gift is None:
        return None
    if gift.status in Gift.REDEEMABLE or gift.status == Gift.Status.PENDING:
        gift.status = Gift.Status.REVOKED
        gift.save(update_fields=["status"])
    elif gift.status == Gift.Status.REDEEMED and gift.redeemed_by_id:
        services.do_flag(gift.redeemed_by, f"gift {gift.pk} refunded after redemption")
    return gift


def gift_for_payment(payment_ref):
    return Gift.objects.filter(payment_ref=payment_ref).first() if payment_ref else None


def do_send_due(now=None):
    """The periodic scan (`manage.py send_gift_emails`, every few minutes): deliver every
    gift whose date has come, and remind recipients whose gift ends within
    MEMBERS_GIFT_REMINDER_DAYS. Returns (delivered, reminded). Safe to run any time."""
    now = now or timezone.now()
    due = Gift.objects.filter(
        status=Gift.Status.PAID,
        delivery=Gift.Delivery.EMAIL,
        deliver_on__lte=timezone.localdate(now),
        delivered_at=None,
    ).values_list("pk", flat=True)
    delivered = sum(do_deliver_gift(pk, now) for pk in list(due))
    soon = now + relativedelta(days=settings.MEMBERS_GIFT_REMINDER_DAYS)
    ending = Gift.objects.filter(
        status=Gift.Status.REDEEMED, ends_at__gt=now, ends_at__lte=soon, reminded_at=None
    ).values_list("pk", flat=True)
    reminded = sum(do_remind(pk, now) for pk in list(ending))
    return delivered, reminded


def do_remind(gift_id, now=None):
    """Invite the recipient to continue as a paying member, once, unless they already
    pay (their membership is no longer the gift's)."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Gift.objects.filter(
            pk=gift_id, status=Gift.Status.REDEEMED, reminded_at=None
        ).update(reminded_at=now)
        if not claimed:
            return False
        gift = Gift.objects.select_related("redeemed_by", "tier").get(pk=gift_id)
        membership = queries.membership_for(gift.redeemed_by) if gift.redeemed_by else None
        if membership is None or membership.source != Membership.Source.GIFT:
            return False
        _mail_on_commit(
            gift.redeemed_by.email, _("Your gift membership ends soon"), "reminder", gift
        )
    return True


# --- a reader's data ---------------------------------------------------------------------


def reader_data(user):
    """Gifts this reader gave or redeemed, and whether they count as a supporter."""
    email = (user.email or "").lower()
    given = Gift.objects.filter(buyer_email=email) if email else Gift.objects.none()
    return {
        "gifts_given": [
            {
                "tier": gift.tier.name,
                "months": gift.months,
                "recipient": gift.recipient_name,
                "status": gift.status,
                "paid_at": gift.paid_at.isoformat() if gift.paid_at else None,
            }
            for gift in given.select_related("tier")
        ],
        "gifts_redeemed": [
            {"tier": gift.tier.name, "months": gift.months, "ends_at": gift.ends_at.isoformat()}
            for gift in Gift.objects.filter(redeemed_by=user).select_related("tier")
        ],
        "supporter": Supporter.objects.filter(email=email).exists() if email else False,
    }


@transaction.atomic
def do_erase_funding(user):
    """Account deletion: forget the address in the supporter list and on gifts (the
    counts and the money stay: they are the newsroom's records, not the reader's)."""
    email = (user.email or "").lower()
    if not email:
        return
    Supporter.objects.filter(email=email).delete()
    Gift.objects.filter(buyer_email=email).update(buyer_email="", buyer_name="")
    Gift.objects.filter(recipient_email=email).update(recipient_email="", message="")
