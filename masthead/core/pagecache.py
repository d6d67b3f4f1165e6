"""The full-page cache for anonymous readers.

Every anonymous GET of a reading page is rendered once and then served from the
"pages" cache (Redis in production, files in the embedded default) until its
lifetime runs out or a change purges it. Three promises:

* Nothing per-user is ever stored: a signed-in reader is served the same page as
  an anonymous one (per-reader parts come from the uncached endpoint, core/reader.py);
  staff (core/staff.py) and per-reader pages (`per_reader`, PAGE_CACHE_EXCLUDE)
  bypass the cache, and a response that sets a cookie, or says private/no-store, is
  never stored.
* Purges are exact: `purge_paths()` bumps a version number kept per path, so
  every variant of that path (?page=2…) becomes unreachable at once; of the
  fragments, it bumps only those tagged with the path (`path:<path>`).
  `purge_all()` bumps the global version (navigation or settings changes).
* No stampede: when an entry is stale, exactly one request re-renders it (it
  holds a short lock) while the others get the stale copy; when there is no
  entry at all, the others wait briefly for the one render.
* Junk cannot fill it: only 200s are stored (never a 404: any made-up address is
  one), a query parameter the page does not read (`utm_*`, `fbclid`, anything not
  in PAGE_CACHE_QUERY_PARAMS for its path) is dropped from the key and from the
  request before the page renders, so `/?utm_source=x` is the entry of `/`, and
  every backend holds a bounded number of entries (locmem and file caches by their
  MAX_ENTRIES, Redis by PAGE_CACHE_MAX_ENTRIES, counted in a sorted set).

Responses served to anonymous readers carry Cache-Control with s-maxage,
stale-while-revalidate and stale-if-error, an ETag and Last-Modified, and
conditional requests get 304.
"""

import gzip
import hashlib
import logging
import re
import threading
import time
import urllib.parse
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.cache import patch_cache_control

from masthead.core import fragments, pagefiles
from masthead.core.compression import COMPRESSIBLE
from masthead.core.staff import STAFF_COOKIE, is_staff, set_marker

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
# Not 404: every made-up address would be stored. The error page is cheap to render.
CACHEABLE_STATUS = {200}
GLOBAL_VERSION_KEY = "pc:v"
INDEX_KEY = "pc:index"  # entry keys by store time, where the backend has no cap of its own
# Headers never replayed from the cache: set per response, or per person.
DROPPED_HEADERS = {
    "content-encoding",
    "set-cookie",
    "vary",
    "date",
    "content-length",
    "x-cache",
    "etag",
    "last-modified",
    "cache-control",
}


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
    gzipped: bytes | None = None  # compressed once when stored, for readers who accept gzip


def purge_paths(paths):
    """Make every cached variant of these paths unreachable in the app's cache.

    Paths may be full URLs; only their path counts."""
    stamp = time.time_ns()
    local = _local_paths(paths)
    # Keyed as requests are (keys_for): by the decoded path, whether the URL came
    # percent-encoded (Wagtail's page.url) or as unicode: "/war/%D0%BA…/" is purged
    # under the same key as the request for "/war/к…/".
    values = {_path_version_key(urllib.parse.unquote(path)): stamp for path in local}
    if values:
        _cache().set_many(values, timeout=None)
        # After the versions: a render that writes a file past this point sees the new
        # version when it checks again, and removes its own file (render_and_store).
        pagefiles.delete_paths(local)
        # Only the fragments of these addresses (a route, a page's head); what else a
        # change reaches, its owner bumps by tag (articles: article:<id>, section:<id>…).
        fragments.bump_tags(*path_tags(paths))
        _purged_here()


def _local_paths(urls):
    from urllib.parse import urlsplit

    return {urlsplit(url).path or "/" for url in urls if url}


def _decoded(wsgi_value):
    """A raw WSGI path (the request's bytes read as latin-1, PEP 3333) as Django decodes
    it for request.path: UTF-8, bad bytes replaced."""
    try:
        return wsgi_value.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a server that passed it decoded already
        return wsgi_value


def _wsgi(path):
    """A decoded path back in WSGI's form (for core/pagefiles.py, which names files by
    the request's bytes, as nginx looks them up)."""
    return path.encode("utf-8").decode("latin-1")


def path_tags(urls):
    """The fragment tags of these URLs' paths (`path:<path>`, the path as Django's
    request.path gives it: decoded, unicode), as purge_paths bumps them."""
    return [fragments.path_tag(urllib.parse.unquote(path)) for path in sorted(_local_paths(urls))]


def purge_all():
    _cache().set(GLOBAL_VERSION_KEY, time.time_ns(), timeout=None)
    pagefiles.delete_all()
    fragments.bump()
    _purged_here()


# FastPath's checks made before a purge in this process are void at once (other processes
# see a purge after at most PAGE_CACHE_FASTPATH_MEMO seconds).
_local_purges = [0]


def _purged_here():
    _local_purges[0] += 1


def cache_control_value():
    return (
        f"public, max-age={settings.CACHE_CONTROL_MAX_AGE}, s-maxage={settings.CACHE_CONTROL_S_MAXAGE}, "
        f"stale-while-revalidate={settings.CACHE_CONTROL_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.CACHE_CONTROL_STALE_IF_ERROR}"
    )


def is_cacheable_environ(environ):
    """Whether a request may be answered from, and stored in, the shared cache."""
    if not settings.PAGE_CACHE_ENABLED or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    path = environ.get("PATH_INFO", "")
    if any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE):
        return False
    if "HTTP_AUTHORIZATION" in environ:
        return False
    # Staff always get a fresh page (core/staff.py: the marker is set when they sign in).
    # A signed-in reader is served the same page as an anonymous one: what differs by
    # reader comes from the uncached endpoint (core/reader.py).
    cookies = environ.get("HTTP_COOKIE", "")
    return not (cookies and _STAFF_COOKIE.search(cookies))


_STAFF_COOKIE = re.compile(rf"(?:^|;\s*){re.escape(STAFF_COOKIE)}=")


def per_reader(view):
    """Mark a view whose page differs by reader (account, checkout, preferences): the page
    cache never stores it and fragments are skipped while it renders. Pages under a
    PAGE_CACHE_EXCLUDE prefix need no mark."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.per_reader = True
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    wrapped.per_reader = True
    return wrapped


def query_params_for(path):
    """The query parameters the page at `path` reads (PAGE_CACHE_QUERY_PARAMS: the
    longest matching path prefix wins; "" is every other path)."""
    found, length = (), -1
    for prefix, names in settings.PAGE_CACHE_QUERY_PARAMS.items():
        if len(prefix) > length and path.startswith(prefix):
            found, length = names, len(prefix)
    return found


def cache_query(path, query_string):
    """`query_string` with only the parameters the page at `path` reads, in a fixed
    order: the part of the query that names a cached copy."""
    if not query_string:
        return ""
    names = query_params_for(path)
    pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
    return urllib.parse.urlencode(sorted((name, value) for name, value in pairs if name in names))


def keys_for(environ, decoded=False):
    """(entry key, lock key, path version key) for a request's WSGI environ: the raw
    one (FastPath, before Django), or Django's request.META (`decoded`: Django has
    replaced PATH_INFO and SCRIPT_NAME with their decoded forms). Both give the same
    keys, by the decoded path, so a non-ASCII address ("/war/київ/") is found by
    FastPath and reached by a purge of its percent-encoded URL."""
    script, path_info = environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", "")
    if not decoded:
        script, path_info = _decoded(script), _decoded(path_info)
    path = script + path_info
    host = (environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")).lower()
    scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get("wsgi.url_scheme", "http")
    query = cache_query(path_info, environ.get("QUERY_STRING", ""))
    digest = hashlib.md5(
        f"{scheme}|{host}|{path}|{query}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"pc:e:{digest}", f"pc:l:{digest}", _path_version_key(path)


class FastPath:
    """WSGI wrapper answering fresh cache hits before Django builds a request.

    Only fresh, unpurged entries are served here; everything else (misses, stale
    entries, locking) goes to Django and PageCacheMiddleware. Each process keeps the
    pages it served recently in memory and asks the shared cache only for three small
    values (the entry's stamp and the two versions), so a hit moves a few bytes.

    Under load the same page is asked for many times a second: a check of those three
    values is trusted for PAGE_CACHE_FASTPATH_MEMO seconds (default 0.25), so most hits
    make no round trip to Redis at all. A purge therefore reaches the other processes'
    hits within that time (at once in the process that purged) — well inside the second
    nginx's micro-cache may serve a page anyway. 0 turns the memo off.
    """

    LOCAL_ENTRIES = 256

    def __init__(self, application, extra_headers=None):
        """`extra_headers(environ) -> [(name, value)]` adds headers to each hit, as the
        Django middleware in front of the page cache would (config/wsgi.py: CORS)."""
        self.application = application
        self.extra_headers = extra_headers
        self.local = OrderedDict()
        self.local_lock = threading.Lock()
        # key -> (entry, checked until (monotonic), local purge count when checked)
        self.checked = {}

    def __call__(self, environ, start_response):
        if is_cacheable_environ(environ):
            entry = self.fresh_entry(environ)
            if entry is not None:
                if self.extra_headers is not None:
                    start_response = _with_headers(start_response, self.extra_headers(environ))
                return self.respond(environ, start_response, entry)
        return self.application(environ, start_response)

    def fresh_entry(self, environ):
        key, _, path_key = keys_for(environ)
        checked = self.checked.get(key)
        if (
            checked is not None
            and checked[1] > time.monotonic()
            and checked[2] == _local_purges[0]
            and checked[0].fresh_until > time.time()
        ):
            return checked[0]
        purges = _local_purges[0]
        entry = self.checked_entry(key, path_key)
        memo = settings.PAGE_CACHE_FASTPATH_MEMO
        if entry is not None and memo > 0:
            with self.local_lock:
                if len(self.checked) > self.LOCAL_ENTRIES:
                    self.checked.clear()
                self.checked[key] = (entry, time.monotonic() + memo, purges)
        return entry

    def checked_entry(self, key, path_key):
        stamp_key = key.replace("pc:e:", "pc:s:", 1)
        cache = _cache()
        found = cache.get_many([stamp_key, GLOBAL_VERSION_KEY, path_key])
        stamp = found.get(stamp_key)
        versions = (found.get(GLOBAL_VERSION_KEY, 0), found.get(path_key, 0))
        if stamp is None or stamp[1] != versions or stamp[2] <= time.time():
            return None
        entry = self.local.get(key)
        if entry is None or entry.etag != stamp[0]:
            entry = cache.get(key)
            if entry is None or entry.etag != stamp[0]:
                return None
            # Threaded servers (runserver, gthread) share this process's copies.
            with self.local_lock:
                self.local[key] = entry
                while len(self.local) > self.LOCAL_ENTRIES:
                    self.local.popitem(last=False)
        return entry

    @staticmethod
    def respond(environ, start_response, entry):
        gz = wants_gzip(environ, entry)
        headers = entry_headers(entry, "HIT", gz)
        if not_modified(environ, entry, gz):
            start_response("304 Not Modified", headers)
            return [b""]
        content = entry.gzipped if gz else entry.content
        headers.append(("Content-Length", str(len(content))))
        start_response(f"{entry.status} {HTTPStatus(entry.status).phrase}", headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else content]


def _with_headers(start_response, extra):
    if not extra:
        return start_response

    def start(status, headers, exc_info=None):
        names = {name.lower() for name, _ in extra if name.lower() != "vary"}
        kept = [(name, value) for name, value in headers if name.lower() not in names]
        vary = [value for name, value in extra if name.lower() == "vary"]
        if vary:
            old = [value for name, value in kept if name.lower() == "vary"]
            kept = [(name, value) for name, value in kept if name.lower() != "vary"]
            kept.append(("Vary", ", ".join([*old, *vary])))
        kept += [(name, value) for name, value in extra if name.lower() != "vary"]
        return start_response(status, kept, exc_info)

    return start


def wants_gzip(environ, entry):
    return entry.gzipped is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")


def etag_for(entry, gz):
    # Each encoding is its own representation, so it gets its own strong validator.
    return entry.etag[:-1] + '-gzip"' if gz else entry.etag


def entry_headers(entry, state, gz):
    headers = list(entry.headers)
    if entry.gzipped is not None:
        headers.append(("Vary", "Accept-Encoding"))
    if gz:
        headers.append(("Content-Encoding", "gzip"))
    return [
        *headers,
        ("ETag", etag_for(entry, gz)),
        ("Last-Modified", formatdate(entry.last_modified, usegmt=True)),
        ("Cache-Control", cache_control_value()),
        ("X-Cache", state),
    ]


def not_modified(environ, entry, gz):
    if entry.status != 200:
        return False
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag_for(entry, gz) in tags or "*" in tags
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        try:
            return parsedate_to_datetime(if_modified_since).timestamp() >= int(entry.last_modified)
        except (TypeError, ValueError):
            return False
    return False


class PageCacheMiddleware:
    """The first middleware: what it stores carries every other middleware's headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.keep_private(request, self.get_response(request))

        cache = _cache()
        self.drop_unread_params(request)
        # Only the canonical address is written as a file: no query string once the
        # parameters the page does not read are dropped (the copy rendered for
        # `/?utm_source=x` is the copy of `/`, so it writes `/`'s file; `?page=2` none).
        request._page_cache_canonical = not request.META.get("QUERY_STRING")
        key, lock_key, path_key = keys_for(request.META, decoded=True)
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

    @staticmethod
    def drop_unread_params(request):
        """The page renders without the parameters its cache key leaves out, so the
        copy stored for `/?utm_source=x` is exactly the copy of `/` (no tracking
        parameter in its links), and a view reading a parameter nobody declared sees
        it missing in tests rather than serving one reader's variant to all."""
        query = request.META.get("QUERY_STRING", "")
        kept = cache_query(request.path_info, query)
        if kept != query:
            request.META["QUERY_STRING"] = kept
            request.GET = QueryDict(kept)

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
        return is_cacheable_environ(request.META)

    def render_and_store(self, request, key, lock_key, state):
        cache = _cache()
        # Render uncompressed: the entry keeps a plain and a gzip copy for all readers.
        accept_encoding = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        try:
            response = self.get_response(request)
            if self.rendered_for_staff(request, response):
                return self.keep_private(request, response)
            if not self.is_cacheable_response(response):
                return self.keep_private(request, response)
            entry = self.make_entry(response, request._page_cache_versions)
            lifetime = settings.CACHE_CONTROL_S_MAXAGE
            # The stamp lets FastPath check a copy it holds without fetching the page.
            stamp = (entry.etag, entry.versions, entry.fresh_until)
            cache.set_many(
                {key: entry, key.replace("pc:e:", "pc:s:", 1): stamp},
                timeout=lifetime + settings.PAGE_CACHE_STALE_TTL,
            )
            bound(cache, key)
            if getattr(request, "_page_cache_canonical", False) and pagefiles.enabled():
                self.write_file(cache, request, entry)
        finally:
            if accept_encoding is not None:
                request.META["HTTP_ACCEPT_ENCODING"] = accept_encoding
            if lock_key:
                cache.delete(lock_key)
        return self.respond(request, entry, state)

    @staticmethod
    def write_file(cache, request, entry):
        """The page as files for nginx (core/pagefiles.py), unless a purge came while it
        rendered: the versions are read again after writing, so a purge that deleted the
        files before this write is seen here, and the file goes."""
        # request.META holds the decoded path (Django replaced PATH_INFO); files are
        # named by the request's bytes, as nginx looks them up.
        path = _wsgi(request.META.get("PATH_INFO", ""))
        scheme = request.META.get("HTTP_X_FORWARDED_PROTO") or request.META.get(
            "wsgi.url_scheme", "http"
        )
        if not pagefiles.write(scheme, request.get_host(), path, entry):
            return
        path_key = _path_version_key(request.META.get("SCRIPT_NAME", "") + request.path_info)
        found = cache.get_many([GLOBAL_VERSION_KEY, path_key])
        if (found.get(GLOBAL_VERSION_KEY, 0), found.get(path_key, 0)) != entry.versions:
            pagefiles.delete_wsgi_paths([path])

    @staticmethod
    def rendered_for_staff(request, response):
        """A staff member without the marker cookie got here: their page (edit links,
        draft-only parts) is never stored, and the marker is set again so their next
        request skips the cache before Django runs."""
        if getattr(request, "per_reader", False):
            return True
        user = getattr(request, "user", None)
        if user is None or not is_staff(request):
            return False
        set_marker(response)
        return True

    @staticmethod
    def keep_private(request, response):
        """Never let a shared cache (CDN, nginx) keep a page made for one person."""
        personal = (
            response.cookies
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or getattr(request, "per_reader", False)
        )
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
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS
        ]
        now = time.time()
        gzipped = None
        if len(content) >= 512 and response.get("Content-Type", "").startswith(COMPRESSIBLE):
            gzipped = gzip.compress(content, compresslevel=6, mtime=0)
        return Entry(
            status=response.status_code,
            headers=headers,
            content=content,
            etag='"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"',
            last_modified=now,
            fresh_until=now + settings.CACHE_CONTROL_S_MAXAGE,
            versions=versions,
            gzipped=gzipped,
        )

    def respond(self, request, entry, state):
        gz = wants_gzip(request.META, entry)
        if not_modified(request.META, entry, gz):
            response = HttpResponseNotModified()
        else:
            content = entry.gzipped if gz else entry.content
            response = HttpResponse(
                b"" if request.method == "HEAD" else content, status=entry.status
            )
            response["Content-Length"] = str(len(content))
        for name, value in entry_headers(entry, state, gz):
            response[name] = value
        return response


def bound(cache, key):
    """Keep at most PAGE_CACHE_MAX_ENTRIES pages where the backend counts nothing itself
    (Redis: masthead.core.redis_cache.RedisCache.keep_newest); the oldest go first.
    Django's locmem and file caches cull past their own MAX_ENTRIES."""
    keep_newest = getattr(cache, "keep_newest", None)
    if keep_newest is None:
        return
    evicted = keep_newest(INDEX_KEY, key, settings.PAGE_CACHE_MAX_ENTRIES)
    if evicted:
        cache.delete_many([k for old in evicted for k in (old, old.replace("pc:e:", "pc:s:", 1))])


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
    logger.debug("purged %d URLs: %s", len(urls), ", ".join(urls[:8]))


def purge_everything():
    """For changes that show on every page (navigation, site settings)."""
    purge_all()
    if settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache([absolute("/*")])
