"""Fragment and object caching inside a render, for pages the full-page cache does not hold.

A page that misses the page cache (or runs with it off) still reuses what the last render
of the same content computed: the navigation and site settings, an article's related list,
its byline boxes, the rendered body. Every cached value is keyed by the **generation**, one
number kept in the shared "pages" cache beside the page-cache versions; every purge
(`pagecache.purge`, `purge_everything`) bumps it, so the next request after a change
renders from the database again and a changed article shows at once. Values are held in
the "default" cache for at most FRAGMENT_CACHE_TIMEOUT seconds, which also bounds what a
change that purges nothing (an image's focal point) can leave behind.

Never cache anything per-user: fragments are shared by every reader, and they are
skipped for previews and for signed-in users (who may see draft-only parts).
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

GENERATION_KEY = "fc:gen"
_MISSING = object()


def _generation_cache():
    # The shared cache even in the embedded setup (files), so the task worker's
    # publishes reach the web server's fragments.
    return caches["pages"]


def _cache():
    return caches["default"]


def bump():
    """Make every cached fragment unreachable (called by every page-cache purge)."""
    _generation_cache().set(GENERATION_KEY, time.time_ns(), timeout=None)


def enabled(request):
    if not settings.FRAGMENT_CACHE_ENABLED or request is None:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def generation(request):
    """The generation this request renders under: read once per request."""
    found = getattr(request, "_fragment_generation", None)
    if found is None:
        found = _generation_cache().get(GENERATION_KEY, 0)
        request._fragment_generation = found
    return found


def key(request, name, *parts):
    language = get_language() or ""
    joined = ":".join(str(part) for part in parts)
    return f"fc:{generation(request)}:{language}:{name}:{joined}"


def get_or_set(request, name, parts, compute):
    """The cached value of `compute()` for this name and key parts, computed on a miss.
    Without caching (preview, signed in, turned off) it simply computes."""
    if not enabled(request):
        return compute()
    cache_key = key(request, name, *parts)
    value = _cache().get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        _cache().set(cache_key, value, timeout=settings.FRAGMENT_CACHE_TIMEOUT)
    return value


def view_restrictions():
    """([PageViewRestriction with .page_path], [paths of alias pages]) for the whole
    install, kept until the next purge (a restriction's change purges everything)."""
    from django.db.models import F
    from wagtail.models import Page, PageViewRestriction

    def load():
        return (
            list(PageViewRestriction.objects.annotate(page_path=F("page__path"))),
            list(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)),
        )

    if not settings.FRAGMENT_CACHE_ENABLED:
        return load()
    cache_key = f"fc:{_generation_cache().get(GENERATION_KEY, 0)}:view-restrictions"
    found = _cache().get(cache_key)
    if found is None:
        found = load()
        _cache().set(cache_key, found, timeout=settings.FRAGMENT_CACHE_TIMEOUT)
    return found


def restrictions_changed(sender, **kwargs):
    """Who may read a page changed: no cached page or fragment may show it as before."""
    from django.db import transaction

    from masthead.core import pagecache

    bump()
    transaction.on_commit(pagecache.purge_everything)


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import PageViewRestriction

    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            restrictions_changed, sender=PageViewRestriction, dispatch_uid=f"fc_restriction_{name}"
        )
    m2m_changed.connect(
        restrictions_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="fc_restriction_groups",
    )
