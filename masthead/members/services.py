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

from .models import Membership, MembershipChange, MeteredRead, Tier, TierPrice

logger = logging.getLogger(__name__)

Status = Membership.Status

# Sent after commit when a membership's status changed: membership_id, status, previous.
membership_changed = Signal()


def _locked_membership(user_id):
    """The reader's membership row, locked; None if there is none yet."""
    return Membership.objects.select_for_update().filter(user_id=user_id).first()


def _change(user, status, *, at=None, key="", reason="", welcome=True, **fields):
    """Move `user`'s membership to `status` unless a newer change already set it.

    Call inside a transaction. Creates the row on first sight (even for a cancel that
    arrives before the grant it cancels, so the older grant cannot win later)."""
    now = timezone.now()
    at = at or now
    period_end = fields.pop("current_period_end", None)
    membership = _locked_membership(user.pk)
    created = False
    if membership is None:
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
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
                )
                created = True
        except IntegrityError:  # created by a concurrent call: take its row
            membership = _locked_membership(user.pk)
    previous = "" if created else membership.status
    if not created:
        newer = (at, key) >= (membership.state_at, membership.state_key)
        changed = False
        if period_end and (
            membership.current_period_end is None or period_end > membership.current_period_end
        ):
            membership.current_period_end = period_end
            changed = True
        if at < membership.started_at:
            membership.started_at = at
            changed = True
        # Facts (tier, source, subscription id) come from the newest change that has
        # them; an older change only fills a fact still missing, so the end state does
        # not depend on which arrived first.
        for name, value in fields.items():
            current = getattr(membership, name)
            if value is not None and current != value and (newer or not current):
                setattr(membership, name, value)
                changed = True
        if newer:
            if (membership.status, membership.state_key, membership.state_at) != (status, key, at):
                changed = True
            membership.status = status
            membership.state_at, membership.state_key = at, key
            membership.grace_until = _grace(status, at)
        if not changed:
            return membership
        membership.save()
        if not newer:
            MembershipChange.objects.create(
                membership=membership,
                status=status,
                previous_status=previous,
                reason=reason,
                key=key,
                applied=False,
            )
            return membership
    MembershipChange.objects.create(
        membership=membership, status=status, previous_status=previous, reason=reason, key=key
    )
    if membership.status == Status.ACTIVE and membership.welcomed_at is None:
        membership.welcomed_at = now
        membership.save(update_fields=["welcomed_at"])
        if welcome:
            _send_welcome_on_commit(membership)
    if previous != membership.status:
        membership_id, new_status = membership.pk, membership.status
        transaction.on_commit(
            lambda: membership_changed.send(
                Membership, membership_id=membership_id, status=new_status, previous=previous
            )
        )
    return membership


def _grace(status, at):
    if status == Status.PAST_DUE:
        return at + timedelta(days=settings.MEMBERS_GRACE_DAYS)
    return None


def _send_welcome_on_commit(membership):
    email = membership.user.email
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
):
    """Make `user` an active member of `tier` (first grant sends the welcome email once;
    `welcome=False` for members brought in from elsewhere, who were welcomed there, and
    for the demo newsroom, whose invented readers must never be mailed)."""
    return _change(
        user,
        Status.ACTIVE,
        at=at,
        key=key,
        welcome=welcome,
        reason=reason or "granted",
        tier=tier,
        source=source,
        external_id=external_id or None,
        current_period_end=current_period_end,
    )


@transaction.atomic
def do_renew(user, *, current_period_end, at=None, key="", tier=None, external_id=None):
    """A paid renewal: active, with the period extended (never shortened)."""
    return _change(
        user,
        Status.ACTIVE,
        at=at,
        key=key,
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
