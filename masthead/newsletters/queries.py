"""Reads other parts of the app (and other apps) share."""

from . import audiences
from .models import Issue, Newsletter, Subscription, Suppression, email_hash


def public_newsletters():
    """Active lists a reader can join from a public form: members-only ones too once an
    app has registered the "members" audience (the form then checks membership)."""
    newsletters = Newsletter.objects.filter(active=True).select_related("curator")
    if not audiences.available("members"):
        newsletters = newsletters.filter(access=Newsletter.Access.PUBLIC)
    return list(newsletters)


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
