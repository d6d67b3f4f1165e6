"""nginx's micro-cache in front of the app (deploy/nginx.conf.template, rendered by
tools/serve_prod.py): one copy per URL and encoding, nothing per-person stored,
conditional 304s, and a changed page seen within the one-second lifetime.

Runs the real nginx against a small upstream that answers like the page cache
(a plain or gzip body chosen by whether Accept-Encoding mentions gzip). Skipped where
nginx is not installed."""

import gzip
import time
import zlib
from http.server import BaseHTTPRequestHandler

import pytest

from .nginx import get, needs_nginx, request, serving

pytestmark = [
    needs_nginx,
    # No test here reads the database, but the suite's session fixtures (conftest.py) do,
    # and pytest-django only creates it when a collected test asks for it.
    pytest.mark.django_db,
]


class Upstream(BaseHTTPRequestHandler):
    """Answers like the app: `/page` as the page cache does, `/form` varying on Cookie
    (Django's CSRF), `/private` marked private. Records what each request carried."""

    body = b"<p>first edition</p>" * 64
    seen = []
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        Upstream.seen.append((self.path, self.headers.get("Accept-Encoding")))
        headers = {"Content-Type": "text/html; charset=utf-8"}
        content = Upstream.body
        if self.path == "/page":
            headers["Vary"] = "Accept-Encoding"
            tag = f'"{zlib.crc32(content):x}"'
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                content = gzip.compress(content, mtime=0)
                headers["Content-Encoding"] = "gzip"
                tag = tag[:-1] + '-gzip"'
            headers["ETag"] = tag
            headers["Cache-Control"] = "public, max-age=60, s-maxage=300"
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                return
        elif self.path == "/form":
            headers["Vary"] = "Cookie, Accept-Encoding"
        elif self.path == "/private":
            headers["Cache-Control"] = "private"
        self.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(content))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("nginx"), Upstream) as served:
        yield served.base


def upstream_requests(path):
    return [seen for seen in Upstream.seen if seen[0] == path]


def test_one_copy_per_encoding_whatever_the_browser_sends(nginx):
    Upstream.seen.clear()
    status, headers, body = get(nginx + "/page", **{"Accept-Encoding": "gzip, deflate, br"})
    assert (status, headers["X-Micro-Cache"], headers["Content-Encoding"]) == (200, "MISS", "gzip")
    assert gzip.decompress(body) == Upstream.body
    assert get(nginx + "/page", **{"Accept-Encoding": "br, gzip"})[1]["X-Micro-Cache"] == "HIT"

    status, headers, body = get(nginx + "/page")
    assert (headers["X-Micro-Cache"], headers["Content-Encoding"], body) == (
        "MISS",
        None,
        Upstream.body,
    )
    for accept in ("identity", "br", "deflate"):
        _, headers, body = get(nginx + "/page", **{"Accept-Encoding": accept})
        assert (headers["X-Micro-Cache"], body) == ("HIT", Upstream.body)
    # The app saw one request per encoding, with nothing but the flag.
    assert upstream_requests("/page") == [("/page", "gzip"), ("/page", None)]
    # Downstream caches still learn that the page varies.
    assert "Accept-Encoding" in headers["Vary"]


def test_conditional_requests_get_304_from_the_copy(nginx):
    _, headers, _ = get(nginx + "/page")
    status, headers, body = get(nginx + "/page", **{"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")
    _, gz_headers, _ = get(nginx + "/page", **{"Accept-Encoding": "gzip"})
    assert gz_headers["ETag"] != headers["ETag"]
    assert (
        get(nginx + "/page", **{"Accept-Encoding": "gzip", "If-None-Match": gz_headers["ETag"]})[0]
        == 304
    )


@pytest.mark.parametrize("path", ["/form", "/private"])
def test_pages_that_vary_on_cookies_or_are_private_are_not_stored(nginx, path):
    Upstream.seen.clear()
    for _ in range(3):
        _, headers, _ = get(nginx + path, Cookie="csrftoken=abc")
        assert headers["X-Micro-Cache"] == "MISS"
    assert len(upstream_requests(path)) == 3


def test_staff_bypass_the_copy_and_signed_in_readers_share_it(nginx):
    get(nginx + "/page")
    Upstream.seen.clear()
    _, headers, _ = get(nginx + "/page", Cookie="theme=dark; mh_staff=1")
    assert headers["X-Micro-Cache"] == "BYPASS"
    assert len(upstream_requests("/page")) == 1
    # a reader's session alone: the same page as everyone's (core/reader.py)
    _, headers, _ = get(nginx + "/page", Cookie="theme=dark; sessionid=abc")
    assert headers["X-Micro-Cache"] == "HIT"


def test_a_changed_page_is_seen_within_a_second_or_two(nginx):
    get(nginx + "/page")
    Upstream.body = b"<p>corrected edition</p>" * 64
    try:
        # Expired copies are refreshed in the background while readers get the stale one.
        deadline = time.time() + 3
        while get(nginx + "/page")[2] != Upstream.body:
            assert time.time() < deadline, "nginx kept the old page"
            time.sleep(0.1)
    finally:
        Upstream.body = b"<p>first edition</p>" * 64


class BeaconUpstream(BaseHTTPRequestHandler):
    """The app's `/_/hit`: records each POST's body and the address header nginx set."""

    seen = []
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        BeaconUpstream.seen.append(
            (self.path, self.rfile.read(length), self.headers.get("X-Real-IP"))
        )
        self.send_response(204)
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_every_beacon_reaches_the_app_with_the_readers_address(nginx, monkeypatch):
    """Without ANALYTICS_NGINX_LOG_DIR (no analytics includes: the beacon's location
    passes it to @hit_app), each POST is passed on (nothing cached or answered by
    nginx), with X-Real-IP set from the connection, whatever the reader sent."""
    Upstream.seen.clear()
    BeaconUpstream.seen.clear()
    monkeypatch.setattr(Upstream, "do_POST", BeaconUpstream.do_POST, raising=False)
    for n in range(3):
        status, _headers, _body = request(
            nginx + "/_/hit",
            "POST",
            f"a={n}&w=1280".encode(),
            **{"X-Real-IP": "192.0.2.66", "Content-Type": "text/plain"},
        )
        assert status == 204
    assert BeaconUpstream.seen == [
        ("/_/hit", f"a={n}&w=1280".encode(), "127.0.0.1") for n in range(3)
    ]
