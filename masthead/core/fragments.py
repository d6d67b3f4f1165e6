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

When the shared cache is another server (Redis), each process also keeps a small copy
of what it read (`_local`, FRAGMENT_LOCAL_ENTRIES values for FRAGMENT_LOCAL_TIMEOUT
seconds): a render then costs one cache round trip (the generation) instead of one
per fragment. The copy is keyed by the same generation, so a purge anywhere reaches it
on the next request; values are pickled there as in any cache, so threads never share
an object.
"""

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils.translation import get_language

GENERATION_KEY = "fc:gen"
_MISSING = object()
_local_lock = threading.Lock()
_local_state = {}


def _generation_cache():
    # The shared cache even in the embedded setup (files), so the task worker's
    # publishes reach the web server's fragments.
    return caches["pages"]


def _cache():
    return caches["default"]


def _local():
    """This process's copy (a LocMemCache), or None when the shared cache already lives
    in this process (the embedded setup, the tests), where a copy would only lag it."""
    found = _local_state.get("cache", _MISSING)
    if found is _MISSING:
        with _local_lock:
            found = None
            entries = getattr(settings, "FRAGMENT_LOCAL_ENTRIES", 2000)
            if entries and not isinstance(_cache(), LocMemCache):
                found = LocMemCache(
                    "masthead-fragments-local",
                    {
                        "TIMEOUT": getattr(settings, "FRAGMENT_LOCAL_TIMEOUT", 60),
                        "OPTIONS": {"MAX_ENTRIES": entries},
                    },
                )
            _local_state["cache"] = found
    return found


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
        found = current_generation()
        request._fragment_generation = found
    return found


def current_generation():
    found = _generation_cache().get(GENERATION_KEY)
    if found is None:
        # Never start again from a number used before (the shared cache was flushed):
        # the per-process copies still hold values under the old ones.
        _generation_cache().add(GENERATION_KEY, time.time_ns(), timeout=None)
        found = _generation_cache().get(GENERATION_KEY, 0)
    return found


def key(request, name, *parts):
    language = get_language() or ""
    joined = ":".join(str(part) for part in parts)
    if len(joined) > 160:  # a long slug or path: keep keys short enough for any backend
        joined = hashlib.sha256(joined.encode()).hexdigest()
    return f"fc:{generation(request)}:{language}:{name}:{joined}"


def get_or_set(request, name, parts, compute, keep_none=True, tags=()):
    """The cached value of `compute()` for this name and key parts, computed on a miss
    (and not kept when it is None, if `keep_none` is false). `tags` (the seams contract,
    issue #13) are accepted and not used yet: every purge bumps the whole generation.
    Without caching (preview, signed in, turned off) it simply computes."""
    if not enabled(request):
        return compute()
    return _get_or_set(key(request, name, *parts), compute, keep_none)


def _get_or_set(cache_key, compute, keep_none=True):
    local = _local()
    if local is not None:
        value = local.get(cache_key, _MISSING)
        if value is not _MISSING:
            return value
    value = _cache().get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        if value is None and not keep_none:
            return value
        _cache().set(cache_key, value, timeout=settings.FRAGMENT_CACHE_TIMEOUT)
    if local is not None:
        local.set(cache_key, value)
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
    return _get_or_set(f"fc:{current_generation()}:view-restrictions", load)


class SiteMiddleware:
    """For Wagtail's page view, finds the request's Site (`request._wagtail_site`, where
    Wagtail looks first) in the fragment cache, with its root page already in its
    specific form: two queries fewer on every page (Wagtail's site lookup, then the home
    page's own row when routing). Put it after AuthenticationMiddleware and
    CommonMiddleware (which refuses hosts not in ALLOWED_HOSTS before they make keys)."""

    def __init__(self, get_response):
        from wagtail import views

        self.get_response = get_response
        self.serve = views.serve

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is self.serve and enabled(request) and not hasattr(request, "_wagtail_site"):
            parts = [request._get_raw_host(), request.get_port()]
            request._wagtail_site = get_or_set(request, "site", parts, lambda: _site(request))


def _site(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is not None and site.root_page_id:
        site.root_page = site.root_page.localized.specific
    return site


def restrictions_changed(sender, **kwargs):
    """Who may read a page changed, or a site did: no cached page or fragment may show
    it as before."""
    from django.db import transaction

    from masthead.core import pagecache

    bump()
    transaction.on_commit(pagecache.purge_everything)


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import PageViewRestriction, Site

    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            restrictions_changed, sender=PageViewRestriction, dispatch_uid=f"fc_restriction_{name}"
        )
        # SiteMiddleware's copy of the sites; a site's change shows on every page too
        signal.connect(restrictions_changed, sender=Site, dispatch_uid=f"fc_site_{name}")
    m2m_changed.connect(
        restrictions_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="fc_restriction_groups",
    )
