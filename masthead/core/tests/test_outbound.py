"""The guarded client for outgoing requests (masthead/core/outbound.py): internal
addresses refused by class, at connect time (DNS rebinding) and on redirects; the size cap;
the allow-list (issue #12, finding 3; webhooks/tests/test_internal_urls.py: registering)."""

import http.server
import socket
import threading

import pytest

from masthead.core import outbound

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.215.14"  # a global unicast address; never actually reached by these tests


class Handler(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):
        Handler.hits.append(self.path)
        if self.path == "/to-loopback":
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_port}/secret")
            self.end_headers()
            return
        body = b"x" * 5000 if self.path == "/big" else b"internal secret"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def loopback():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _nothing_allowed(settings):
    Handler.hits.clear()
    settings.OUTBOUND_ALLOWED_HOSTS = []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",  # loopback
        "http://127.8.9.10/",
        "http://[::1]/",
        "http://localhost/",
        "http://app.localhost/",
        "http://10.1.2.3/",  # private
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://[fd12::1]/",
        "http://100.64.0.1/",  # shared (carrier-grade NAT)
        "http://169.254.10.10/",  # link-local
        "http://[fe80::1]/",
        "http://224.0.0.1/",  # multicast
        "http://[ff02::1]/",
        "http://240.0.0.1/",  # reserved
        "http://0.0.0.0/",  # unspecified
        "http://[::]/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://[fd00:ec2::254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
    ],
)
def test_every_internal_address_class_is_refused(url):
    with pytest.raises(outbound.RefusedAddress):
        outbound.request("GET", url, timeout=2)


def test_a_name_resolving_to_loopback_is_refused(monkeypatch, loopback):
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("127.0.0.1", loopback))]
    )
    with pytest.raises(outbound.RefusedAddress, match="loopback"):
        outbound.request("GET", f"http://news.example.org:{loopback}/secret", timeout=2)
    assert Handler.hits == []


def test_dns_rebinding_cannot_reach_inside(monkeypatch, loopback):
    """The first answer is public, every later one loopback (a rebinding DNS server).
    The connection goes to the address that was checked, never to a second lookup's."""
    answers = iter([PUBLIC])
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(2, 1, 6, "", (next(answers, "127.0.0.1"), loopback))],
    )
    connected = []

    def create_connection(address, *args, **kwargs):
        connected.append(address[0])
        raise OSError("no route to the test's public address")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    with pytest.raises(outbound.OutboundError):
        outbound.request("GET", f"http://rebind.example.org:{loopback}/secret", timeout=2)
    assert connected == [PUBLIC]
    assert Handler.hits == []


def test_the_connect_time_check_refuses_an_internal_address(loopback):
    connection = outbound.PinnedHTTPConnection("news.example.org", loopback, "127.0.0.1", 2)
    with pytest.raises(outbound.RefusedAddress):
        connection.connect()
    assert Handler.hits == []


def test_a_redirect_to_loopback_is_refused(settings, loopback):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]  # the first hop only
    with pytest.raises(outbound.RefusedAddress):
        outbound.request(
            "GET", f"http://127.0.0.1:{loopback}/to-loopback", timeout=2, max_redirects=3
        )
    assert Handler.hits == ["/to-loopback"]


def test_redirects_are_not_followed_unless_asked(settings, loopback):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    response = outbound.request("GET", f"http://127.0.0.1:{loopback}/to-loopback", timeout=2)
    assert response.status == 302
    assert Handler.hits == ["/to-loopback"]


def test_the_body_is_cut_at_the_size_cap(settings, loopback):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    response = outbound.request("GET", f"http://127.0.0.1:{loopback}/big", max_bytes=1000)
    assert response.truncated and len(response.body) == 1000


def test_allowed_hosts_are_named_explicitly_and_never_cover_metadata(settings, loopback):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1", "169.254.169.254"]
    assert outbound.request("GET", f"http://127.0.0.1:{loopback}/").body == b"internal secret"
    with pytest.raises(outbound.RefusedAddress, match="metadata"):
        outbound.request("GET", "http://169.254.169.254/", timeout=2)
