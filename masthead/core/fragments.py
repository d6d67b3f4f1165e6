"""Fragment and object caching inside a render, for pages the full-page cache does not hold.

A page that misses the page cache (or runs with it off) still reuses what the last render
of the same content computed: the navigation and site settings, an article's related list,
its byline boxes, the rendered body. Every cached value is keyed by the **generation**, one
number kept in the shared "pages" cache beside the page-cache versions; every purge
(`pagecache.purge`, `purge_everything`) bumps it, so the next request after a change
renders from the database again and a changed article shows at once. Values are held in
the "default" cache for at most FRAGMENT_CACHE_TIMEOUT seconds, which also bounds what a
change that purges nothing (an image's focal point) can leave behind.

Never cache anything per-user: fragments are shared by every reader, signed in or not;
they are skipped for previews, per-reader pages and staff (who may see draft-only
parts). A fragment declares **tags** (what it shows: `article:42`, `section:3`, `nav`,
`livefeed`…); `bump_tags(...)` makes unreachable only the fragments with one of those
tags, and the versions of a request's tags are read once per request (one `get_many`).

When the shared cache is another server (Redis), each process also keeps a small copy
of what it read (`_local`, FRAGMENT_LOCAL_ENTRIES values for FRAGMENT_LOCAL_TIMEOUT
seconds): a render then costs one cache round trip (the generation) instead of one
per fragment. The copy is keyed by the same generation, so a purge anywhere reaches it
on the next request. Rendered HTML, and any value nothing can change (strings, numbers,
dates, tuples of them), is held as it is; any other value is pickled there as in any
cache, so threads never share an object that can change, and each read of one costs a
copy (tens of microseconds for a page): a warm render should read plain values.
"""

import contextvars
import datetime
import functools
import hashlib
import itertools
import pickle  # noqa: S403 - only our own values, written by this process
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from masthead.core.staff import is_staff

GENERATION_KEY = "fc:gen"
_MISSING = object()
_local_lock = threading.Lock()
_local_state = {}
# The tags each path's renders read, per process: the next render of the path reads their
# versions in the same round trip as the generation (`generation`), so a warm render of
# an article makes one trip to Redis instead of one per group of fragments.
_learned_tags = {}
LEARNED_PATHS = 4096
# The request being served on this thread (SiteMiddleware), for reads that have no
# request at hand (view restrictions, from Wagtail's serve).
_current_request = contextvars.ContextVar("masthead_fragments_request", default=None)


def _generation_cache():
    # The shared cache even in the embedded setup (files), so the task worker's
    # publishes reach the web server's fragments.
    return caches["pages"]


def _cache():
    return caches["default"]


class LocalCopy:
    """This process's copy of the fragments it read from the shared cache: a dict, with
    no key validation, locking or pickling on a read of rendered HTML (a LocMemCache
    spent about a tenth of an uncached article's CPU on those). At most `entries` values,
    each for `timeout` seconds; when full, the oldest third is dropped.

    A value nothing can change is held as it is and shared by every thread: a string,
    a number, a date, and a tuple (a named tuple too) of such values; anything else is
    pickled, and each read gets its own copy."""

    _PLAIN = frozenset(
        (str, SafeString, bytes, int, float, bool, type(None))
        + (datetime.datetime, datetime.date, datetime.timedelta)
    )

    def __init__(self, entries, timeout):
        self.entries = entries
        self.timeout = timeout
        self._values = {}
        self._lock = threading.Lock()

    def get(self, key, default=None):
        found = self._values.get(key)
        if found is None:
            return default
        deadline, value, pickled = found
        if deadline < time.monotonic():
            self._values.pop(key, None)
            return default
        # our own values, pickled by this process a moment ago: never input from outside
        return pickle.loads(value) if pickled else value  # noqa: S301  # nosec B301

    @classmethod
    def unchangeable(cls, value):
        if type(value) in cls._PLAIN:
            return True
        # A tuple subclass with a __dict__ could be given attributes; a named tuple has none.
        if isinstance(value, tuple) and not hasattr(value, "__dict__"):
            return all(cls.unchangeable(item) for item in value)
        return False

    def set(self, key, value):
        pickled = not self.unchangeable(value)
        if pickled:
            value = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(self._values) >= self.entries:
            with self._lock:
                try:
                    oldest = list(itertools.islice(self._values, max(1, self.entries // 3)))
                except RuntimeError:  # another thread added a value meanwhile
                    oldest = list(self._values)
                for old in oldest:
                    self._values.pop(old, None)
        self._values[key] = (time.monotonic() + self.timeout, value, pickled)

    def clear(self):
        self._values.clear()


def _local():
    """This process's copy (a LocalCopy), or None when the shared cache already lives
    in this process (the embedded setup, the tests), where a copy would only lag it."""
    found = _local_state.get("cache", _MISSING)
    if found is _MISSING:
        with _local_lock:
            found = None
            entries = getattr(settings, "FRAGMENT_LOCAL_ENTRIES", 2000)
            if entries and not isinstance(_cache(), LocMemCache):
                found = LocalCopy(entries, getattr(settings, "FRAGMENT_LOCAL_TIMEOUT", 60))
            _local_state["cache"] = found
    return found


def bump():
    """Make every cached fragment unreachable (`pagecache.purge_all`, settings and
    navigation changes, a non-article page's publish)."""
    _generation_cache().set(GENERATION_KEY, time.time_ns(), timeout=None)


TAG_KEY = "fc:t:"


def bump_tags(*tags):
    """Make unreachable only the fragments that declared one of these tags
    ("article:42", "section:3", "livefeed"…; the words are listed in core/CONTEXT.md).
    One cache write, whatever the number of tags."""
    tags = {str(tag) for tag in tags if tag}
    if tags:
        stamp = time.time_ns()
        _generation_cache().set_many({TAG_KEY + tag: stamp for tag in tags}, timeout=None)


def tag_versions(request, tags):
    """The current version of each tag, as one string for a key: read once per request
    (with the generation, for the tags this path's last render read; then one `get_many`
    for the tags this request has not seen yet)."""
    if not tags:
        return ""
    if request is None:
        known = {}
    else:
        generation(request)
        known = request._fragment_tags
    missing = [tag for tag in tags if tag not in known]
    if missing:
        known.update(_read_tags(missing))
        if request is not None:
            _learn(request, missing)
    return ".".join(str(known[tag]) for tag in tags)


def _learn(request, tags):
    path = getattr(request, "path", None)  # a stand-in request (a reader part's) has none
    if path is None:
        return
    if len(_learned_tags) >= LEARNED_PATHS:
        _learned_tags.clear()
    _learned_tags[path] = _learned_tags.get(path, frozenset()) | frozenset(tags)


def _read_tags(tags):
    """Each tag's version; a tag never bumped (no key) reads as 0 and writes nothing, so
    reading the tags of an address that does not exist (a 404, a junk path) never adds a
    key to the shared cache. Bumps are kept without a timeout; a bumped tag whose key the
    cache later dropped (a full file or local-memory cache culls) reads as 0 again, which
    can bring back what was cached under it before its first bump, for at most
    FRAGMENT_CACHE_TIMEOUT. Redis, production's cache, drops nothing on its own."""
    found = _generation_cache().get_many([TAG_KEY + tag for tag in tags])
    return {tag: found.get(TAG_KEY + tag, 0) for tag in tags}


def path_tag(path):
    """The tag of fragments that belong to one address (a route, a page's head): every
    page-cache purge of the path bumps it (pagecache.purge_paths)."""
    return f"path:{path}"


def split_tags(tags):
    """A tuple of tag words from a string ("article:1 nav") or an iterable; sorted, so
    the same set always makes the same key."""
    if isinstance(tags, str):
        return _split_words(tags)
    return tuple(sorted({str(tag) for tag in tags or () if tag}))


@functools.lru_cache(maxsize=4096)
def _split_words(tags):
    # A template's tags come as a string, the same few on every render of a page.
    return tuple(sorted(set(tags.split())))


def enabled(request):
    if not settings.FRAGMENT_CACHE_ENABLED or request is None:
        return False
    if getattr(request, "is_preview", False) or getattr(request, "per_reader", False):
        return False
    # Staff may see draft-only parts and edit links; a signed-in reader sees what an
    # anonymous one does (core/reader.py), so shares the fragments.
    return not is_staff(request)


def generation(request):
    """The generation this request renders under: read once per request, in one round
    trip with the versions of the tags the last render of its path read."""
    found = getattr(request, "_fragment_generation", None)
    if found is None:
        learned = sorted(_learned_tags.get(getattr(request, "path", None), ()))
        keys = [TAG_KEY + tag for tag in learned]
        values = _generation_cache().get_many([GENERATION_KEY, *keys])
        found = values.get(GENERATION_KEY)
        if found is None:
            found = current_generation()
        known = getattr(request, "_fragment_tags", None)
        if known is None:
            known = request._fragment_tags = {}
        for tag, tag_key in zip(learned, keys, strict=True):
            known.setdefault(tag, values.get(tag_key, 0))
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


def key(request, name, *parts, tags=()):
    joined = ":".join(map(str, parts))
    tags = split_tags(tags)
    if tags:
        joined = f"{joined}|{','.join(tags)}|{tag_versions(request, tags)}"
    if len(joined) > 160:  # a long slug or path: keep keys short enough for any backend
        joined = hashlib.sha256(joined.encode()).hexdigest()
    return f"{_key_prefix(request)}{name}:{joined}"


def _key_prefix(request):
    """ "fc:<generation>:<language>:", made once per request: a page renders in one
    language (Django's get_language costs more than the rest of a key, and an article
    makes some 30 keys). Nothing here switches the language within a request; a view
    that did would have to do it before its first fragment."""
    found = getattr(request, "_fragment_key_prefix", None)
    if found is None:
        found = f"fc:{generation(request)}:{get_language() or ''}:"
        if request is not None:
            request._fragment_key_prefix = found
    return found


def get_or_set(request, name, parts, compute, keep_none=True, tags=()):
    """The cached value of `compute()` for this name and key parts, computed on a miss
    (and not kept when it is None, if `keep_none` is false). `tags` (words or one
    space-separated string) say what it shows: `bump_tags` of any of them, or `bump()`,
    makes it unreachable.
    Without caching (preview, staff, turned off) it simply computes."""
    if not enabled(request):
        return compute()
    return _get_or_set(key(request, name, *parts, tags=tags), compute, keep_none)


def shared(request, name, parts, compute):
    """Like `get_or_set`, for a value that is the same for every reader *and* for staff
    (site-wide settings): no staff check, so an answer for one reader (the per-reader
    endpoint) reads no session to use it, and it comes from this process's copy like any
    fragment."""
    if not settings.FRAGMENT_CACHE_ENABLED or request is None:
        return compute()
    return _get_or_set(key(request, name, *parts), compute)


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
    """((PageViewRestriction with .page_path…), (paths of alias pages…)) for the whole
    install, kept until the next purge (a restriction's change purges everything)."""
    from django.db.models import F
    from wagtail.models import Page, PageViewRestriction

    def load():
        # tuples: with no restriction and no alias, the per-process copy holds them as is
        return (
            tuple(PageViewRestriction.objects.annotate(page_path=F("page__path"))),
            tuple(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)),
        )

    if not settings.FRAGMENT_CACHE_ENABLED:
        return load()
    request = _current_request.get()
    current = generation(request) if request is not None else current_generation()
    return _get_or_set(f"fc:{current}:view-restrictions", load)


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
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is self.serve and enabled(request) and not hasattr(request, "_wagtail_site"):
            parts = [request._get_raw_host(), request.get_port()]
            request._wagtail_site = get_or_set(request, "site", parts, lambda: _site(request))
            # Where Wagtail keeps the sites' root paths for a request (Page.get_url_parts
            # with a request): from the fragments instead of one cache read per request.
            # Any Site save bumps the generation (restrictions_changed).
            if not hasattr(request, "_wagtail_cached_site_root_paths"):
                request._wagtail_cached_site_root_paths = get_or_set(
                    request, "site-root-paths", [], _site_root_paths
                )


def _site_root_paths():
    from wagtail.models import Site

    # a tuple of named tuples, which the per-process copy holds with no copy per read
    return tuple(Site.get_site_root_paths())


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
