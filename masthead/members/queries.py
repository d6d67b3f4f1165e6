"""Reads other apps and the per-reader parts use."""

import threading
import time

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


def member_user_ids():
    """A queryset of the ids of readers entitled to membership now (active, or past due
    within the grace period): the "members" audience of a newsletter send."""
    return Membership.objects.filter(status__in=Membership.ENTITLED).values("user_id")


def offered_tiers():
    """Active tiers with their prices, in order (two queries)."""
    return list(Tier.objects.filter(active=True).prefetch_related("prices"))


_tier_map = {"loaded": None, "by_id": {}, "by_product": {}}
_tier_map_lock = threading.Lock()


def clear_tier_map(**kwargs):
    """Forget the map (a tier or a price was saved, or their provider ids were set)."""
    _tier_map["loaded"] = None


def _load_tier_map():
    tiers = list(Tier.objects.all())
    with _tier_map_lock:
        _tier_map["by_id"] = {tier.pk: tier for tier in tiers}
        _tier_map["by_product"] = {t.external_product_id: t for t in tiers if t.external_product_id}
        _tier_map["loaded"] = time.monotonic()


def tier_by(*, pk=None, product=None):
    """A tier by its id or by its payment provider's product id, or None; from a map kept
    per process (the webhook asks on every event, and tiers change a few times a year).

    The map is read again after MEMBERS_TIER_CACHE_SECONDS, when this process saves a tier,
    and once on a miss (a tier created or synced a moment ago in another process)."""
    key, value = ("by_id", pk) if pk is not None else ("by_product", product)
    if key == "by_id":
        value = int(value) if str(value).isdigit() else None
    if not value:
        return None
    loaded = _tier_map["loaded"]
    fresh = loaded is not None and time.monotonic() - loaded < settings.MEMBERS_TIER_CACHE_SECONDS
    if not fresh:
        _load_tier_map()
    tier = _tier_map[key].get(value)
    if tier is None and fresh:
        _load_tier_map()
        tier = _tier_map[key].get(value)
    return tier


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
