"""Every change to subscribers, subscriptions and suppressions (sends: sending.py).

Emails go out through tasks enqueued after commit; each task re-reads its rows.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from masthead.core import attribution

from . import conf, tasks
from .models import (
    Newsletter,
    Subscriber,
    Subscription,
    Suppression,
    email_hash,
    normalize_email,
)

logger = logging.getLogger(__name__)

# Suppressions a reader lifts by confirming a new signup themselves (double opt-in is
# fresh consent); a hard bounce stays: the address does not take mail.
LIFTED_BY_CONSENT = {
    Suppression.Reason.UNSUBSCRIBED_ALL,
    Suppression.Reason.COMPLAINT,
    Suppression.Reason.DELETED,
}


def _enqueue(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


def _subscriber_for(email, name="", user=None):
    email = normalize_email(email)
    try:
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.get_or_create(
                email=email, defaults={"name": name, "user": user}
            )
    except IntegrityError:  # another request created it between our read and insert
        subscriber = Subscriber.objects.get(email=email)
    changed = []
    if name and not subscriber.name:
        subscriber.name, changed = name, [*changed, "name"]
    if user and not subscriber.user_id:
        subscriber.user, changed = user, [*changed, "user"]
    if changed:
        subscriber.save(update_fields=changed)
    return subscriber


@transaction.atomic
def do_signup(email, newsletters, *, name="", source="", user=None, attribution_source=None):
    """Record a signup and send the confirmation email (after commit) for the lists not
    yet confirmed. The caller answers the same whatever happened here, so nobody learns
    whether an address was known. `attribution_source` (core.attribution) waits on each
    pending subscription until it is confirmed. Returns the subscriber, or None for a
    hard-bounced address (never mailed)."""
    carried = attribution.dumps(attribution_source or {})
    hard_bounced = Suppression.objects.filter(
        email_hash=email_hash(email), reason=Suppression.Reason.HARD_BOUNCE
    ).exists()
    if hard_bounced:
        return None
    subscriber = _subscriber_for(email, name, user)
    to_confirm = []
    existing = {
        sub.newsletter_id: sub
        for sub in Subscription.objects.select_for_update().filter(
            subscriber=subscriber, newsletter__in=newsletters
        )
    }
    for newsletter in newsletters:
        sub = existing.get(newsletter.pk)
        if sub is None:
            Subscription.objects.create(
                subscriber=subscriber,
                newsletter=newsletter,
                consent_source=source[:200],
                attribution=carried,
            )
        elif sub.status == Subscription.Status.CONFIRMED:
            continue
        else:  # pending again, or back after leaving: the latest visit brought them
            sub.status, sub.consent_source = Subscription.Status.PENDING, source[:200]
            sub.attribution = carried
            sub.save(update_fields=["status", "consent_source", "attribution"])
        to_confirm.append(newsletter.pk)
    if to_confirm and _take_confirmation_slot(subscriber):
        _enqueue(tasks.send_confirmation_task, subscriber.pk, to_confirm)
    return subscriber


def _take_confirmation_slot(subscriber):
    """Count one confirmation email against the daily cap; False once it is reached."""
    now = timezone.now()
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if locked.confirm_window_start is None or now - locked.confirm_window_start > timedelta(days=1):
        locked.confirm_window_start, locked.confirmations_sent = now, 0
    if locked.confirmations_sent >= conf.get("NEWSLETTER_CONFIRM_RESEND_LIMIT"):
        logger.info("confirmation cap reached for subscriber %s", subscriber.pk)
        return False
    locked.confirmations_sent += 1
    locked.save(update_fields=["confirm_window_start", "confirmations_sent"])
    return True


@transaction.atomic
def do_confirm(subscriber_id, newsletter_ids):
    """Confirm the pending subscriptions a confirmation token names; the welcome email of
    each list goes out after commit. Safe to repeat: confirmed rows stay as they are.
    Returns (subscriber, [newsletters now confirmed, either by this call or before])."""
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    now = timezone.now()
    subs = list(
        Subscription.objects.select_for_update()
        .filter(subscriber=subscriber, newsletter_id__in=newsletter_ids)
        .select_related("newsletter")
    )
    confirmed = []
    for sub in subs:
        if sub.status == Subscription.Status.PENDING:
            sub.status, sub.confirmed_at = Subscription.Status.CONFIRMED, now
            sub.save(update_fields=["status", "confirmed_at"])
            _enqueue(tasks.send_welcome_task, sub.pk)
            attribution.record_conversion(
                "signup", attribution.loads(sub.attribution), ref=f"subscription:{sub.pk}"
            )
        if sub.status == Subscription.Status.CONFIRMED:
            confirmed.append(sub.newsletter)
    if confirmed:
        Suppression.objects.filter(
            email_hash=email_hash(subscriber.email), reason__in=LIFTED_BY_CONSENT
        ).delete()
    return subscriber, confirmed


@transaction.atomic
def do_unsubscribe(subscriber_id, newsletter_id=None):
    """Leave one list, or every list (newsletter_id None: the address is then suppressed
    as "unsubscribed from everything"). Returns the number of subscriptions ended."""
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    subs = Subscription.objects.filter(subscriber=subscriber).exclude(
        status=Subscription.Status.UNSUBSCRIBED
    )
    if newsletter_id is not None:
        subs = subs.filter(newsletter_id=newsletter_id)
    ended = subs.update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    if newsletter_id is None:
        _suppress(subscriber.email, Suppression.Reason.UNSUBSCRIBED_ALL, "")
    return ended


@transaction.atomic
def do_set_preferences(subscriber_id, wanted):
    """The preference page: keep exactly the lists in `wanted`. Adding a list here needs no
    second confirmation: the signed link came to this address."""
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    now = timezone.now()
    wanted_ids = {n.pk for n in wanted}
    current = {
        sub.newsletter_id: sub
        for sub in Subscription.objects.select_for_update().filter(subscriber=subscriber)
    }
    for newsletter in wanted:
        sub = current.get(newsletter.pk)
        if sub is None:
            sub = Subscription.objects.create(
                subscriber=subscriber,
                newsletter=newsletter,
                status=Subscription.Status.CONFIRMED,
                confirmed_at=now,
                consent_source="preferences",
            )
            _enqueue(tasks.send_welcome_task, sub.pk)
        elif sub.status != Subscription.Status.CONFIRMED:
            sub.status, sub.confirmed_at = Subscription.Status.CONFIRMED, now
            sub.consent_source = "preferences"
            sub.save(update_fields=["status", "confirmed_at", "consent_source"])
            _enqueue(tasks.send_welcome_task, sub.pk)
    for newsletter_id, sub in current.items():
        if newsletter_id not in wanted_ids and sub.status != Subscription.Status.UNSUBSCRIBED:
            sub.status, sub.unsubscribed_at = Subscription.Status.UNSUBSCRIBED, now
            sub.save(update_fields=["status", "unsubscribed_at"])
    if wanted_ids:
        Suppression.objects.filter(
            email_hash=email_hash(subscriber.email), reason=Suppression.Reason.UNSUBSCRIBED_ALL
        ).delete()


def _suppress(email, reason, detail):
    suppression, created = Suppression.objects.get_or_create(
        email_hash=email_hash(email),
        defaults={"email": normalize_email(email), "reason": reason, "detail": detail[:500]},
    )
    if not created and suppression.reason != reason:
        suppression.reason, suppression.detail = reason, detail[:500]
        suppression.save(update_fields=["reason", "detail"])
    return suppression


@transaction.atomic
def do_suppress(email, reason, detail=""):
    """Never mail `email` again. A complaint also ends every subscription of the address."""
    suppression = _suppress(email, reason, detail)
    if reason in (Suppression.Reason.COMPLAINT, Suppression.Reason.UNSUBSCRIBED_ALL):
        Subscription.objects.filter(subscriber__email=normalize_email(email)).exclude(
            status=Subscription.Status.UNSUBSCRIBED
        ).update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    return suppression


@transaction.atomic
def do_set_account_newsletters(user, wanted):
    """A signed-in reader's choice on their account page: their subscriber row (found by
    account or address, linked to the account) keeps exactly the `wanted` lists."""
    from . import queries

    subscriber = queries.subscriber_for_user(user) or _subscriber_for(user.email, user=user)
    if subscriber.user_id is None:
        Subscriber.objects.filter(pk=subscriber.pk).update(user=user)
    do_set_preferences(subscriber.pk, wanted)
    return subscriber


@transaction.atomic
def do_erase_for_user(user):
    """Account deletion (users.account's eraser): the subscriber row, its subscriptions
    and delivery records go; the address's hash stays suppressed ("deleted account"), so
    nothing is mailed to it again unless its owner signs up afresh."""
    from . import queries

    subscriber = queries.subscriber_for_user(user)
    if subscriber is None:
        return
    Suppression.objects.update_or_create(
        email_hash=email_hash(subscriber.email),
        defaults={"email": "", "reason": Suppression.Reason.DELETED, "detail": ""},
    )
    subscriber.delete()


def newsletters_by_ids(ids):
    return list(Newsletter.objects.filter(pk__in=ids))
