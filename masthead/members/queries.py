"""Reads other apps and the per-reader parts use."""

from django.conf import settings

from .models import Membership, Tier


def membership_for(user):
    """The reader's membership, or None: one query per request, however many parts of
    the per-reader endpoint ask (kept on the request's user object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_members_membership"):
        user._members_membership = (
            Membership.objects.filter(user=user).select_related("tier").first()
        )
    return user._members_membership


def is_member(user):
    membership = membership_for(user)
    return membership is not None and membership.is_entitled


def offered_tiers():
    """Active tiers with their prices, in order (two queries)."""
    return list(Tier.objects.filter(active=True).prefetch_related("prices"))


def may_read(user, article, membership=None):
    """Whether this reader may read the whole of `article`, and why:
    ("public" | "registered" | "member" | "metered" | None)."""
    from masthead.articles.models import ArticlePage

    from . import services

    access = article.access
    if access == ArticlePage.Access.PUBLIC:
        return "public"
    if not user.is_authenticated:
        return None
    if access == ArticlePage.Access.REGISTERED:
        return "registered"
    membership = membership if membership is not None else membership_for(user)
    if membership is not None and membership.is_entitled:
        return "member"
    if settings.MEMBERS_METER_FREE_ARTICLES and services.check_metered_read(user, article.pk):
        return "metered"
    return None
