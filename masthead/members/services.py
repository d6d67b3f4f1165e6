"""Every write to tiers and memberships. Idempotent: the same call twice leaves the
same state, and calls carrying `at` (when the change happened at its source, e.g. a
Stripe event's time) and `key` (its id) may arrive in any order: the newest one sets
the status, older ones are only kept in the history."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.core import attribution

from . import queries
from .models import Membership, MembershipChange, MeteredRead, Tier, TierPrice

logger = logging.getLogger(__name__)

Status = Membership.Status

# Sent after commit when a membership's status changed: membership_id, status, previous.
membership_changed = Signal()


def _locked_membership(user_id):
    """The reader's membership row, locked; None if there is none yet."""
    return Membership.objects.select_for_update().filter(user_id=user_id).first()


def _change(user, status, *, at=None, key="", reason="", welcome=True, conversion=None, **fields):
    """Move `user`'s membership to `status` unless a newer change already set it.

    Call inside a transaction. Creates the row on first sight (even for a cancel that
    arrives before the grant it cancels, so the older grant cannot win later). One locked
    read, at most one write of the row (only the columns that changed) and one history
    row: the webhook runs this for every event. `conversion` (source, amount, currency)
    is recorded with core.attribution when this change starts the membership."""
    now = timezone.now()
    at = at or now
    period_end = fields.pop("current_period_end", None)
    membership = _locked_membership(user.pk)
    if membership is None:
        membership = _create(user, status, at=at, key=key, period_end=period_end, now=now, **fields)
        if membership is not None:
            _history(membership, status, "", reason, key)
            _after(
                user,
                membership,
                "",
                started=membership.welcomed_at is not None,
                welcome=welcome,
                conversion=conversion,
            )
            return membership
        membership = _locked_membership(user.pk)  # created by a concurrent call: take its row
    previous = membership.status
    newer = (at, key) >= (membership.state_at, membership.state_key)
    dirty = set()
    if period_end and (
        membership.current_period_end is None or period_end > membership.current_period_end
    ):
        membership.current_period_end = period_end
        dirty.add("current_period_end")
    if at < membership.started_at:
        membership.started_at = at
        dirty.add("started_at")
    # Facts (tier, source, subscription id) come from the newest change that has them; an
    # older change only fills a fact still missing, so the end state does not depend on
    # which arrived first. The tier is compared by id: no read of the tier row.
    for name, value in fields.items():
        if value is None:
            continue
        attname, value = ("tier_id", value.pk) if name == "tier" else (name, value)
        current = getattr(membership, attname)
        if current != value and (newer or not current):
            setattr(membership, attname, value)
            dirty.add(attname)
    if newer and (membership.status, membership.state_key, membership.state_at) != (
        status,
        key,
        at,
    ):
        membership.status = status
        membership.state_at, membership.state_key = at, key
        membership.grace_until = _grace(status, at)
        dirty |= {"status", "state_at", "state_key", "grace_until"}
    if not dirty:
        return membership
    started = newer and status == Status.ACTIVE and membership.welcomed_at is None
    if started:
        membership.welcomed_at = now
        dirty.add("welcomed_at")
    membership.save(update_fields=sorted(dirty))
    _history(membership, status, previous, reason, key, applied=newer)
    if newer:
        _after(user, membership, previous, started=started, welcome=welcome, conversion=conversion)
    return membership


def _create(user, status, *, at, key, period_end, now, **fields):
    """The reader's first membership row, or None if a concurrent call made it first."""
    try:
        with transaction.atomic():
            return Membership.objects.create(
                user=user,
                status=status,
                source=fields.get("source") or "",
                started_at=at,
                state_at=at,
                state_key=key,
                tier=fields.get("tier"),
                external_id=fields.get("external_id") or "",
                current_period_end=period_end,
                grace_until=_grace(status, at),
                welcomed_at=now if status == Status.ACTIVE else None,
            )
    except IntegrityError:
        return None


def _history(membership, status, previous, reason, key, applied=True):
    MembershipChange.objects.create(
        membership=membership,
        status=status,
        previous_status=previous,
        reason=reason,
        key=key,
        applied=applied,
    )


def _after(user, membership, previous, *, started, welcome, conversion):
    """What follows an applied change, after commit: the welcome email and the conversion
    when it started the membership, and `membership_changed` when the status moved."""
    if started and welcome:
        _send_welcome_on_commit(user, membership)
    if started and conversion is not None:
        attribution.record_conversion(
            "membership",
            conversion.get("source") or {},
            amount=conversion.get("amount"),
            currency=conversion.get("currency") or "",
            ref=f"membership:{membership.pk}",
        )
    if previous != membership.status:
        membership_id, new_status = membership.pk, membership.status
        transaction.on_commit(
            lambda: membership_changed.send(
                Membership, membership_id=membership_id, status=new_status, previous=previous
            )
        )


def _grace(status, at):
    if status == Status.PAST_DUE:
        return at + timedelta(days=settings.MEMBERS_GRACE_DAYS)
    return None


def _send_welcome_on_commit(user, membership):
    email = user.email
    context = {
        "tier": membership.tier.name if membership.tier else "",
        "site_url": settings.SITE_URL,
    }
    transaction.on_commit(
        lambda: send_mail(
            _("Welcome, member"),
            render_to_string("members/email/welcome.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    )


@transaction.atomic
def do_grant_membership(
    user,
    tier,
    *,
    source,
    external_id="",
    current_period_end=None,
    at=None,
    key="",
    reason="",
    welcome=True,
    conversion=None,
):
    """Make `user` an active member of `tier` (first grant sends the welcome email once;
    `welcome=False` for members brought in from elsewhere, who were welcomed there, and
    for the demo newsroom, whose invented readers must never be mailed). `conversion`:
    {"source": core.attribution source, "amount": minor units, "currency": code}, recorded
    once, when this grant starts the membership (a replay or a renewal records nothing)."""
    return _change(
        user,
        Status.ACTIVE,
        at=at,
        key=key,
        welcome=welcome,
        conversion=conversion,
        reason=reason or "granted",
        tier=tier,
        source=source,
        external_id=external_id or None,
        current_period_end=current_period_end,
    )


@transaction.atomic
def do_renew(
    user, *, current_period_end, at=None, key="", tier=None, external_id=None, conversion=None
):
    """A paid renewal: active, with the period extended (never shortened). The first paid
    invoice may be what starts a membership (its checkout event still on its way), hence
    `conversion`, as in do_grant_membership."""
    return _change(
        user,
        Status.ACTIVE,
        at=at,
        key=key,
        conversion=conversion,
        reason="renewed",
        tier=tier,
        external_id=external_id,
        current_period_end=current_period_end,
    )


@transaction.atomic
def do_mark_past_due(user, *, at=None, key="", reason="payment failed"):
    """A renewal failed: the member keeps access for MEMBERS_GRACE_DAYS, then lapses."""
    return _change(user, Status.PAST_DUE, at=at, key=key, reason=reason)


@transaction.atomic
def do_lapse(user, *, at=None, key="", reason="lapsed"):
    return _change(user, Status.LAPSED, at=at, key=key, reason=reason)


@transaction.atomic
def do_cancel(user, *, at=None, key="", reason="cancelled"):
    return _change(user, Status.CANCELLED, at=at, key=key, reason=reason)


def overdue_q(now=None):
    now = now or timezone.now()
    grace = timedelta(days=settings.MEMBERS_GRACE_DAYS)
    return Q(status=Status.PAST_DUE, grace_until__lt=now) | Q(
        status=Status.ACTIVE, current_period_end__lt=now - grace
    )


def do_lapse_overdue(now=None):
    """Lapse memberships whose grace ran out, or whose paid period ended more than the
    grace period ago with no renewal. Returns how many lapsed; safe to run any time."""
    now = now or timezone.now()
    overdue = Membership.objects.filter(overdue_q(now)).select_related("user")
    count = 0
    for membership in overdue.iterator():
        with transaction.atomic():
            _change(membership.user, Status.LAPSED, at=now, key="", reason="grace period over")
        count += 1
    return count


@transaction.atomic
def do_flag(user, text):
    """Ask an editor to look at this reader's membership (shown in the admin)."""
    membership = _locked_membership(user.pk)
    if membership is not None and text not in membership.flag:
        membership.flag = (membership.flag + "; " + text).strip("; ")[:255]
        membership.save(update_fields=["flag"])


@transaction.atomic
def do_erase_membership(user):
    """Account deletion: end the membership here (payments cancels at Stripe)."""
    if Membership.objects.filter(user=user, status__in=Membership.ENTITLED).exists():
        _change(user, Status.CANCELLED, reason="account deleted")
    MeteredRead.objects.filter(user=user).delete()


def check_metered_read(user, article_id, now=None):
    """Whether a signed-in non-member may read this member-only article on the meter,
    counting it (once per article and month). Metering is off when the setting is 0."""
    limit = settings.MEMBERS_METER_FREE_ARTICLES
    if limit <= 0:
        return False
    month = (now or timezone.now()).date().replace(day=1)
    reads = MeteredRead.objects.filter(user=user, month=month)
    if reads.filter(article_id=article_id).exists():
        return True
    if reads.count() >= limit:
        return False
    try:
        with transaction.atomic():
            MeteredRead.objects.create(user=user, article_id=article_id, month=month)
    except IntegrityError:
        pass
    return True


def purge_membership_page(**kwargs):
    """A tier or a price changed: the cached membership page shows them (after commit)."""
    from django.urls import reverse

    from masthead.core import pagecache

    transaction.on_commit(lambda: pagecache.purge([reverse("members:membership")]))


@transaction.atomic
def do_set_external_ids(*, tier=None, product_id=None, prices=()):
    """Record the ids a payment provider gave a tier and its prices.
    `prices`: (TierPrice id, external price id, amount it was made for)."""
    if tier is not None and product_id is not None:
        Tier.objects.filter(pk=tier.pk).update(external_product_id=product_id)
    for price_id, external_id, amount in prices:
        TierPrice.objects.filter(pk=price_id).update(
            external_price_id=external_id, external_amount=amount
        )
    queries.clear_tier_map()
    transaction.on_commit(queries.clear_tier_map)
