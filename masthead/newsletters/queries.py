"""Reads other parts of the app (and other apps) share."""

from django.db.models import Q

from . import audiences
from .models import (
    Issue,
    Newsletter,
    Subscriber,
    Subscription,
    Suppression,
    email_hash,
    normalize_email,
)


def public_newsletters():
    """Active public lists: what the public forms (the Newsletters page, the widgets in
    cached pages, the same for every reader) offer."""
    return list(
        Newsletter.objects.filter(active=True, access=Newsletter.Access.PUBLIC).select_related(
            "curator"
        )
    )


def members_newsletters():
    """Active members-only lists, offered to a signed-in member on their account page;
    none when no app answers who is a member (audiences)."""
    if not audiences.available("members"):
        return []
    return list(
        Newsletter.objects.filter(active=True, access=Newsletter.Access.MEMBERS).select_related(
            "curator"
        )
    )


def is_suppressed(email):
    return Suppression.objects.filter(email_hash=email_hash(email)).exists()


def subscriptions_of(subscriber):
    return {
        sub.newsletter_id: sub
        for sub in Subscription.objects.filter(subscriber=subscriber).select_related("newsletter")
    }


def sent_issues(newsletter, limit=None):
    issues = Issue.objects.filter(newsletter=newsletter, status=Issue.Status.SENT).order_by(
        "-sent_at"
    )
    return issues[:limit] if limit else issues


def subscriber_for_user(user):
    """A signed-in reader's subscriber row: linked to the account, or the same address."""
    return (
        Subscriber.objects.filter(Q(user=user) | Q(email=normalize_email(user.email)))
        .order_by("-user_id")
        .first()
    )


def choices_for(subscriber, member=False):
    """[(newsletter, subscribed?)] a reader may tick: the public lists, the members-only
    ones for a member, and any list they are already on, in the lists' order."""
    current = subscriptions_of(subscriber) if subscriber else {}
    offered = {n.pk: n for n in public_newsletters() + (members_newsletters() if member else [])}
    for sub in current.values():
        offered.setdefault(sub.newsletter_id, sub.newsletter)
    newsletters = sorted(offered.values(), key=lambda n: (n.sort_order, n.name))
    subscribed = {pk for pk, sub in current.items() if sub.status == Subscription.Status.CONFIRMED}
    return [(n, n.pk in subscribed) for n in newsletters]
