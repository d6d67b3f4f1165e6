"""The full-page cache for anonymous readers.

Every anonymous GET of a reading page is rendered once and then served from the
"pages" cache (Redis in production, files in the embedded default) until its
lifetime runs out or a change purges it. Three promises:

* Nothing per-user is ever stored: requests from signed-in users bypass the
  cache, and a response that sets a cookie, or says private/no-store, is never
  stored. Per-user parts of a page come from uncached endpoints.
* Purges are exact: `purge_paths()` bumps a version number kept per path, so
  every variant of that path (?page=2…) becomes unreachable at once.
  `purge_all()` bumps the global version (navigation or settings changes).
* No stampede: when an entry is stale, exactly one request re-renders it (it
  holds a short lock) while the others get the stale copy; when there is no
  entry at all, the others wait briefly for the one render.

Responses served to anonymous readers carry Cache-Control with s-maxage,
stale-while-revalidate and stale-if-error, an ETag and Last-Modified, and
conditional requests get 304.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
CACHEABLE_STATUS = {200, 404}
GLOBAL_VERSION_KEY = "pc:v"
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Link",
    "X-Robots-Tag",
    "Access-Control-Allow-Origin",
)


def _cache():
    return caches[CACHE_ALIAS]


def _path_version_key(path):
    # By path alone: a purge reaches the page under every host name it is served as
    # (at worst it also purges the same path of another site in a multi-site install).
    return "pc:pv:" + hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


@dataclass
class Entry:
    status: int
    headers: list
    content: bytes
    etag: str
    last_modified: float
    fresh_until: float
    versions: tuple = ()


def purge_paths(paths):
    """Make every cached variant of these paths unreachable in the app's cache.

    Paths may be full URLs; only their path counts."""
    from urllib.parse import urlsplit

    stamp = time.time_ns()
    values = {_path_version_key(urlsplit(url).path or "/"): stamp for url in paths}
    if values:
        _cache().set_many(values, timeout=None)


def purge_all():
    _cache().set(GLOBAL_VERSION_KEY, time.time_ns(), timeout=None)


def cache_control_value():
    return (
        f"public, max-age={settings.CACHE_CONTROL_MAX_AGE}, s-maxage={settings.CACHE_CONTROL_S_MAXAGE}, "
        f"stale-while-revalidate={settings.CACHE_CONTROL_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.CACHE_CONTROL_STALE_IF_ERROR}"
    )


class PageCacheMiddleware:
    """Place right after SecurityMiddleware: a hit skips every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.keep_private(request, self.get_response(request))

        cache = _cache()
        host = request.get_host().lower()
        path_key = _path_version_key(request.path)
        query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
        digest = hashlib.md5(
            f"{host}|{request.path}|{query}".encode(), usedforsecurity=False
        ).hexdigest()
        key, lock_key = f"pc:e:{digest}", f"pc:l:{digest}"

        # One round trip: the entry and the versions it must have been rendered under.
        found = cache.get_many([key, GLOBAL_VERSION_KEY, path_key])
        versions = (found.get(GLOBAL_VERSION_KEY, 0), found.get(path_key, 0))
        request._page_cache_versions = versions
        entry = found.get(key)
        if entry is not None and entry.versions != versions:
            entry = None  # purged since it was rendered
        now = time.time()
        if entry is not None and entry.fresh_until > now:
            return self.respond(request, entry, "HIT")
        if entry is not None:
            if self.lock(cache, key, lock_key, versions):
                return self.render_and_store(request, key, lock_key, "EXPIRED")
            fresh = self.fresh_entry(cache, key, versions)
            return self.respond(request, fresh or entry, "HIT" if fresh else "STALE")
        if self.lock(cache, key, lock_key, versions):
            return self.render_and_store(request, key, lock_key, "MISS")
        # Someone else is rendering this page right now: wait for their copy.
        deadline = now + settings.PAGE_CACHE_WAIT
        while time.time() < deadline:
            time.sleep(0.02)
            entry = cache.get(key)
            if entry is not None and entry.versions == versions:
                return self.respond(request, entry, "HIT-WAIT")
        return self.render_and_store(request, key, None, "MISS-TIMEOUT")

    def lock(self, cache, key, lock_key, versions):
        """Take the right to render this page. False when another request holds it, or
        when one finished a fresh copy between our read and now."""
        if not cache.add(lock_key, 1, timeout=settings.PAGE_CACHE_LOCK_TIMEOUT):
            return False
        if self.fresh_entry(cache, key, versions) is not None:
            cache.delete(lock_key)
            return False
        return True

    @staticmethod
    def fresh_entry(cache, key, versions):
        entry = cache.get(key)
        if entry is not None and entry.versions == versions and entry.fresh_until > time.time():
            return entry
        return None

    def is_cacheable_request(self, request):
        if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
            return False
        if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE):
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        # Anyone with a session may be signed in: they always get a fresh page. Readers
        # only get a session by signing in, so this costs anonymous readers nothing.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    def render_and_store(self, request, key, lock_key, state):
        cache = _cache()
        try:
            response = self.get_response(request)
            if not self.is_cacheable_response(response):
                return self.keep_private(request, response)
            entry = self.make_entry(response, request._page_cache_versions)
            lifetime = settings.CACHE_CONTROL_S_MAXAGE
            cache.set(key, entry, timeout=lifetime + settings.PAGE_CACHE_STALE_TTL)
        finally:
            if lock_key:
                cache.delete(lock_key)
        return self.respond(request, entry, state)

    @staticmethod
    def keep_private(request, response):
        """Never let a shared cache (CDN, nginx) keep a page made for one person."""
        personal = response.cookies or settings.SESSION_COOKIE_NAME in request.COOKIES
        if personal and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def is_cacheable_response(response):
        if response.status_code not in CACHEABLE_STATUS or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(
            word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0")
        )

    @staticmethod
    def make_entry(response, versions):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        content = response.content
        headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
        now = time.time()
        return Entry(
            status=response.status_code,
            headers=headers,
            content=content,
            etag='"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"',
            last_modified=now,
            fresh_until=now + settings.CACHE_CONTROL_S_MAXAGE,
            versions=versions,
        )

    def respond(self, request, entry, state):
        if self.not_modified(request, entry):
            response = HttpResponseNotModified()
        else:
            body = b"" if request.method == "HEAD" else entry.content
            response = HttpResponse(body, status=entry.status)
            response["Content-Length"] = str(len(entry.content))
            for name, value in entry.headers:
                response[name] = value
        response["ETag"] = entry.etag
        response["Last-Modified"] = formatdate(entry.last_modified, usegmt=True)
        response["Cache-Control"] = cache_control_value()
        response["X-Cache"] = state
        return response

    @staticmethod
    def not_modified(request, entry):
        if entry.status != 200:
            return False
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return entry.etag in tags or "*" in tags
        if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
        if if_modified_since:
            try:
                return parsedate_to_datetime(if_modified_since).timestamp() >= int(
                    entry.last_modified
                )
            except (TypeError, ValueError):
                return False
        return False


def absolute(url):
    return url if "://" in url else settings.SITE_URL + url


def purge(urls):
    """Purge these URLs (absolute, or paths on this site) from the app's page cache
    now, and from the CDN or proxy configured in WAGTAILFRONTENDCACHE (via a task)."""
    urls = sorted({url for url in urls if url})
    if not urls:
        return
    purge_paths(urls)
    if settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache([absolute(url) for url in urls])
    logger.info("purged %d URLs: %s", len(urls), ", ".join(urls[:8]))


def purge_everything():
    """For changes that show on every page (navigation, site settings)."""
    purge_all()
    if settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache([absolute("/*")])
