"""Pages as files through the real nginx (deploy/nginx.conf.template with the includes
`manage.py page_files_nginx` writes): an anonymous reader gets the file with the page's
headers and its gzip or brotli copy; a staff session, a query string, a POST and a
per-reader path always reach the app; a purged file stops being served within nginx's
one-second descriptor check. Skipped where nginx is not installed."""

import gzip
import re
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import override_settings

from masthead.core import pagefiles
from tools.serve_prod import BROTLI_MODULE

from .nginx import get, needs_nginx, serving

pytestmark = [
    needs_nginx,
    pytest.mark.django_db,
]

FILE_BODY = b"<!doctype html><title>From the file</title>" + b"<p>news</p>" * 200


class App(BaseHTTPRequestHandler):
    """Stands in for the app: says so in every answer."""

    protocol_version = "HTTP/1.1"
    seen = []

    def answer(self):
        App.seen.append((self.command, self.path))
        body = b"from the app"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "private, no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = answer

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.answer()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    run = tmp_path_factory.mktemp("nginx-files")
    with override_settings(PAGE_CACHE_ENABLED=True, PAGE_CACHE_FILES_ROOT=str(run / "pages")):
        (run / "pagefiles-http.conf").write_text(pagefiles.nginx_http_conf())
        (run / "pagefiles-location.conf").write_text(pagefiles.nginx_location_conf())
        with serving(run, App) as served:
            yield served


def write(served, path):
    entry = SimpleNamespace(
        status=200,
        headers=[("Content-Type", "text/html; charset=utf-8")]
        + [(n, v) for n, v in pagefiles.file_headers("http") if n != "Cache-Control"],
        content=FILE_BODY,
        gzipped=None,
    )
    assert pagefiles.write("http", served.host, path, entry)


def test_anonymous_readers_get_the_file_with_the_pages_headers(served, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_FILES_ROOT = _root(served)
    write(served, "/story/")
    App.seen.clear()
    status, headers, body = get(served.base + "/story/")
    assert (status, body) == (200, FILE_BODY)
    # nginx's own validator ("<mtime>-<size>", hexadecimal): how a file-served page shows
    assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', headers["ETag"]) and "X-Cache" not in headers
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    for name, value in pagefiles.file_headers("http"):
        assert headers[name] == value, name
    assert headers["ETag"] and headers["Last-Modified"]

    status, headers, body = get(served.base + "/story/", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == FILE_BODY
    assert "Accept-Encoding" in headers["Vary"]
    gz_etag = headers["ETag"]
    assert (
        get(served.base + "/story/", **{"Accept-Encoding": "gzip", "If-None-Match": gz_etag})[0]
        == 304
    )
    if Path(BROTLI_MODULE).exists():
        import brotli

        status, headers, body = get(served.base + "/story/", **{"Accept-Encoding": "br, gzip"})
        assert headers["Content-Encoding"] == "br" and brotli.decompress(body) == FILE_BODY
    assert App.seen == []


@pytest.mark.parametrize(
    "how",
    ["staff", "query", "post", "per-reader"],
)
def test_staff_queries_posts_and_per_reader_paths_reach_the_app(served, settings, how):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_FILES_ROOT = _root(served)
    write(served, "/story/")
    # A file where no page would ever be written (a per-reader prefix): never served.
    directory = pagefiles.page_dir("http", served.host, "/account/")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / pagefiles.FILE_NAME).write_bytes(FILE_BODY)
    App.seen.clear()
    if how == "staff":
        answer = get(served.base + "/story/", Cookie="sessionid=abc; mh_staff=1")
    elif how == "query":
        answer = get(served.base + "/story/?utm_source=x")
    elif how == "post":
        import urllib.request

        request = urllib.request.Request(served.base + "/story/", data=b"x=1")  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310 # the loopback nginx this test started
            answer = (response.status, response.headers, response.read())
    else:
        answer = get(served.base + "/account/")
    assert answer[2] == b"from the app"
    assert len(App.seen) == 1
    # a signed-in reader (a session, no staff marker) shares the file
    assert get(served.base + "/story/", Cookie="sessionid=abc")[2] == FILE_BODY


def test_a_purged_file_is_not_served_past_a_second(served, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_FILES_ROOT = _root(served)
    write(served, "/purged/")
    assert get(served.base + "/purged/")[2] == FILE_BODY
    pagefiles.delete_paths(["/purged/"])
    assert not (pagefiles.page_dir("http", served.host, "/purged/") / pagefiles.FILE_NAME).exists()
    deadline = time.time() + 2.5
    while get(served.base + "/purged/")[2] != b"from the app":
        assert time.time() < deadline, "nginx kept serving the purged file"
        time.sleep(0.1)


def _root(served):
    return str(Path(served.run) / "pages")
