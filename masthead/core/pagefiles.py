"""Anonymous pages as files, for nginx to serve without asking the app.

When PAGE_CACHE_FILES_ROOT is set (`make serve-prod` sets it; the embedded default and
`make dev` leave it off), every page the page cache stores for the canonical address —
no query string at all, a path ending in "/", an HTML 200 for anonymous readers — is also
written as a file tree nginx reads with `try_files`:

    <root>/<tree>/<scheme>/<host>/<path>/.page.html      the HTML
                                          .page.html.gz   gzip (nginx gzip_static)
                                          .page.html.br   brotli (brotli_static), when the
                                                          `brotli` package is installed

What holds:

* **Same bytes, same headers.** `<tree>` is a digest of the headers nginx adds to a file
  (Cache-Control, Content-Security-Policy and the other security headers: `file_headers`),
  computed from the settings. `manage.py page_files_nginx` writes the nginx includes from
  the same settings, so an nginx whose includes are older than the app's settings looks in
  another tree and finds nothing: it asks the app. A page whose headers differ from
  `file_headers` (a page with headers of its own) is never written.
* **Atomic.** Each file is written to a temporary name in its own directory and renamed
  over the old one (`os.replace`): nginx opens the old file or the new one, never a half.
* **Exact purges, before they return.** `delete_paths` removes the files of those paths
  (under every tree, scheme and host) and `delete_all` moves the whole tree aside with one
  rename; the page cache calls them after bumping its versions, and a render that raced a
  purge checks the versions again after writing and removes its own file
  (core/pagecache.py).
* **Safe names.** Only paths of plain segments become files: no empty, dot-leading or
  over-long segments, no control bytes or backslashes, at most MAX_DEPTH segments and
  MAX_PATH_BYTES bytes; the host must look like a host name. Anything else is served by
  the app as before.
* **Bounded.** `sweep` (the `sweep_page_files` command, every minute from a timer)
  removes files older than PAGE_CACHE_FILES_MAX_AGE (the page's s-maxage by default: the
  next request re-renders it once, under the page cache's lock) and keeps at most
  PAGE_CACHE_FILES_MAX number of pages, the oldest going first.

Who never gets a file: nginx serves one only to GET and HEAD requests without a query
string, without the staff marker cookie, outside PAGE_CACHE_EXCLUDE (the maps and
locations that say so are generated here, `nginx_http_conf`, `nginx_location_conf`);
everyone else reaches the app.
"""

import gzip
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
import urllib.parse
from pathlib import Path

from django.conf import settings

from masthead.core import headers as security_headers
from masthead.core.staff import STAFF_COOKIE

logger = logging.getLogger(__name__)

try:  # an optional dependency: without it nginx serves gzip (and plain) only
    import brotli
except ImportError:  # pragma: no cover - brotli is in pyproject's dependencies
    brotli = None

FILE_NAME = ".page.html"
MAX_DEPTH = 12
MAX_SEGMENT_BYTES = 200
MAX_PATH_BYTES = 1024
_BAD_SEGMENT = re.compile(r"[\x00-\x1f\x7f\\]")
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$")
_TEMP_PREFIX = ".tmp-"
_TRASH_PREFIX = ".trash-"


def enabled():
    return bool(settings.PAGE_CACHE_ENABLED and settings.PAGE_CACHE_FILES_ROOT)


def root():
    return Path(settings.PAGE_CACHE_FILES_ROOT)


def file_headers(scheme="https"):
    """The headers nginx adds to every page it serves as a file, besides Content-Type,
    ETag, Last-Modified and Vary, which it makes itself. A stored page is written as a
    file only when its own headers are exactly these."""
    from masthead.core.pagecache import cache_control_value

    found = [("Cache-Control", cache_control_value())]
    if settings.X_FRAME_OPTIONS:
        found.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
    found.append(("Content-Security-Policy", security_headers.policies()[0]))
    found.append(("Permissions-Policy", security_headers.PERMISSIONS_POLICY))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        found.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        found.append(("Referrer-Policy", policy if isinstance(policy, str) else ",".join(policy)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        found.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    if scheme == "https" and settings.SECURE_HSTS_SECONDS:
        found.append(("Strict-Transport-Security", _hsts()))
    return found


def _hsts():
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


def tree():
    """The name of the tree the current settings write to (and their nginx reads)."""
    text = repr(file_headers("https")) + repr(file_headers("http"))
    return "t" + hashlib.sha256(text.encode()).hexdigest()[:12]


def relative_dir(path):
    """The directory of the files of `path` (a WSGI PATH_INFO: the decoded bytes as
    latin-1), relative to the host's directory, or None when it may not be a file."""
    if not path.startswith("/") or not path.endswith("/"):
        return None
    try:
        raw = path.encode("latin-1")
    except UnicodeEncodeError:
        return None
    if len(raw) > MAX_PATH_BYTES:
        return None
    segments = path[1:-1].split("/") if path != "/" else []
    if len(segments) > MAX_DEPTH:
        return None
    for segment in segments:
        if (
            not segment
            or segment.startswith(".")
            or _BAD_SEGMENT.search(segment)
            or len(segment.encode("latin-1")) > MAX_SEGMENT_BYTES
        ):
            return None
    # The file system sees the bytes nginx decodes from the URL (UTF-8 for a unicode slug).
    return os.fsdecode(raw.strip(b"/")) if segments else ""


def host_dir(host):
    """nginx's $host for a Host header: lower case, without the port; None if odd."""
    host = (host or "").lower().rsplit(":", 1)[0] if not host.startswith("[") else ""
    if not _HOST.match(host) or ".." in host:
        return None
    return host


def page_dir(scheme, host, path, tree_name=None):
    if scheme not in ("http", "https"):
        return None
    host, relative = host_dir(host), relative_dir(path)
    if host is None or relative is None:
        return None
    return root() / (tree_name or tree()) / scheme / host / relative


def writable(entry, scheme):
    """Whether nginx, adding file_headers, would send this page's headers (the page
    cache keeps every header but Cache-Control and the validators, which it adds)."""
    if entry.status != 200:
        return False
    own = []
    for name, value in entry.headers:
        if name.lower() == "content-type":
            if value.replace(" ", "").lower() != "text/html;charset=utf-8":
                return False
            continue
        own.append((name.lower(), value))
    wanted = [(n.lower(), v) for n, v in file_headers(scheme) if n.lower() != "cache-control"]
    return sorted(own) == sorted(wanted)


def write(scheme, host, path, entry):
    """Write the page's files; True when written."""
    directory = page_dir(scheme, host, path)
    if directory is None or not writable(entry, scheme):
        return False
    try:
        directory.mkdir(parents=True, exist_ok=True)
        gz = entry.gzipped or gzip.compress(entry.content, compresslevel=6, mtime=0)
        # The compressed copies first: when the page appears, its encodings are there.
        _replace(directory / (FILE_NAME + ".gz"), gz)
        if brotli is not None:
            _replace(directory / (FILE_NAME + ".br"), brotli.compress(entry.content, quality=5))
        _replace(directory / FILE_NAME, entry.content)
    except OSError:
        logger.warning("could not write the page file of %s", path, exc_info=True)
        return False
    return True


def _replace(target, content):
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=_TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(temp, 0o644)  # nginx's workers run as another user
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove_page(directory):
    # The HTML first: once it is gone, nginx's try_files passes the request to the app.
    for name in (FILE_NAME, FILE_NAME + ".gz", FILE_NAME + ".br"):
        (directory / name).unlink(missing_ok=True)


def _host_dirs():
    """Every <tree>/<scheme>/<host> directory under the root."""
    base = root()
    for tree_dir in _subdirs(base):
        if tree_dir.name.startswith("."):
            continue
        for scheme_dir in _subdirs(tree_dir):
            yield from _subdirs(scheme_dir)


def _subdirs(directory):
    try:
        with os.scandir(directory) as entries:
            return [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return []


def delete_paths(urls):
    """Remove the files of these URLs' paths (every tree, scheme and host): gone on
    return. A path may be percent-encoded or carry unicode, as page URLs do."""
    delete_wsgi_paths(
        urllib.parse.unquote_to_bytes(urllib.parse.urlsplit(url).path or "/").decode("latin-1")
        for url in urls
        if url
    )


def delete_wsgi_paths(paths):
    """delete_paths for paths as WSGI gives them (PATH_INFO)."""
    if not settings.PAGE_CACHE_FILES_ROOT:
        return
    relatives = [r for r in (relative_dir(path) for path in paths) if r is not None]
    if not relatives:
        return
    for host in _host_dirs():
        for relative in relatives:
            _remove_page(host / relative)


def delete_all():
    """Remove every page file: each tree is renamed aside at once, then deleted."""
    if not settings.PAGE_CACHE_FILES_ROOT:
        return
    base = root()
    for tree_dir in _subdirs(base):
        if tree_dir.name.startswith("."):
            continue
        trash = base / f"{_TRASH_PREFIX}{tree_dir.name}-{time.time_ns()}"
        try:
            os.replace(tree_dir, trash)
        except OSError:
            continue
        shutil.rmtree(trash, ignore_errors=True)


def sweep(max_age=None, max_pages=None, dry_run=False):
    """Remove pages older than max_age seconds, then the oldest beyond max_pages, and
    temporary files and trees left by a crash. Returns (pages kept, pages removed)."""
    if not settings.PAGE_CACHE_FILES_ROOT:
        return 0, 0
    max_age = settings.PAGE_CACHE_FILES_MAX_AGE if max_age is None else max_age
    max_pages = settings.PAGE_CACHE_FILES_MAX if max_pages is None else max_pages
    now = time.time()
    pages, removed = [], 0
    base = root()
    for leftover in _subdirs(base):
        if leftover.name.startswith(_TRASH_PREFIX) and not dry_run:
            shutil.rmtree(leftover, ignore_errors=True)
    for directory, _, names in os.walk(base):
        for name in names:
            path = Path(directory) / name
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            if name.startswith(_TEMP_PREFIX):
                if now - stat.st_mtime > 60 and not dry_run:
                    path.unlink(missing_ok=True)
            elif name == FILE_NAME:
                pages.append((stat.st_mtime, Path(directory)))
    pages.sort(reverse=True)
    for index, (mtime, directory) in enumerate(pages):
        if now - mtime > max_age or index >= max_pages:
            removed += 1
            if not dry_run:
                _remove_page(directory)
    return len(pages) - removed, removed


def _quote(value):
    if any(c in value for c in '"\\$\n\r'):
        raise ValueError(f"cannot put {value!r} in an nginx configuration")
    return f'"{value}"'


def nginx_http_conf():
    """The http-level include: which requests may get a file. Only an exact-string map
    (one hash lookup) on the hot path, keyed by nginx's own cookie variable rather than a
    regular expression over the Cookie header, and giving a constant: every variable and
    header nginx evaluates costs each request (measured with callgrind, instructions per
    request for a cached article: 24,234 with the first form of these includes, 22,525
    with this one; the static ceiling serving the same path, 16,169)."""
    hsts = dict(file_headers("https")).get("Strict-Transport-Security", "")
    conf = (
        "# Generated by `manage.py page_files_nginx` from Masthead's settings "
        "(masthead/core/pagefiles.py).\n"
        "# Write it again and reload nginx after changing security headers, cache "
        "lifetimes or PAGE_CACHE_EXCLUDE.\n"
        "# A file only for GET and HEAD without a query string and without the staff\n"
        f"# marker cookie ({STAFF_COOKIE}, always set to a value): the key is then exactly\n"
        "# the method. Otherwise a name that never exists, so try_files passes the request\n"
        "# to the app. Per-reader prefixes: pagefiles-location.conf.\n"
        f'map "$request_method$cookie_{STAFF_COOKIE}$args" $masthead_page_file_name {{\n'
        '    default "/.none";\n'
        f'    GET "{FILE_NAME}";\n'
        f'    HEAD "{FILE_NAME}";\n'
        "}\n"
    )
    if hsts:
        # Only over https; nginx leaves out a header whose value is empty.
        conf += (
            f'map $scheme $masthead_file_hsts {{\n    default "";\n    https {_quote(hsts)};\n}}\n'
        )
    return conf


def nginx_location_conf():
    """The include of the location that serves files: their root and headers, and the
    per-reader prefixes (PAGE_CACHE_EXCLUDE), which always go to the app: nested prefix
    locations, found in nginx's location tree without a regular expression. A page served
    as a file carries nginx's own ETag (`"<mtime>-<size>"` in hexadecimal) and no
    X-Cache header: one header less on every request (docs/deploy.md)."""
    lines = [
        "# Generated by `manage.py page_files_nginx` (masthead/core/pagefiles.py).",
        f"root {_quote(str(root() / tree()))};",
        "try_files /$scheme/$host$uri$masthead_page_file_name @app;",
    ]
    for name, value in file_headers("http"):
        lines.append(f"add_header {name} {_quote(value)} always;")
    if dict(file_headers("https")).get("Strict-Transport-Security"):
        lines.append("add_header Strict-Transport-Security $masthead_file_hsts always;")
    lines.append("error_page 418 = @app;")
    for prefix in settings.PAGE_CACHE_EXCLUDE:
        lines.append(f"location ^~ {_quote(prefix)} {{ return 418; }}")
    return "\n".join(lines) + "\n"
