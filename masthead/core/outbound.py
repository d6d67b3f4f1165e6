"""The one guarded client for requests Masthead makes to other servers (webhooks, image
fetches, anything later). Use `request()`; never `requests`/`urllib` directly.

What it promises:
- only http and https; the host is resolved once and EVERY address it resolves to must be
  public: loopback, private, link-local, multicast, reserved, unspecified (0.0.0.0, ::),
  shared (100.64/10), documentation, site-local and cloud-metadata addresses
  (169.254.169.254, fd00:ec2::254, metadata.google.internal) are refused;
- the connection goes to the exact address that passed the check (the Host header and TLS
  SNI/certificate check still use the name), and that address is checked again at connect
  time, so a DNS answer that changes between check and connect (rebinding) gets nowhere;
- redirects are followed only when asked (`max_redirects`), by hand, each hop checked
  like the first;
- the body is read up to `max_bytes` and abandoned after; the whole exchange is bounded
  by `timeout` seconds.

`OUTBOUND_ALLOWED_HOSTS` names hosts (exact names or IP literals) a newsroom trusts to be
internal, e.g. an intranet webhook receiver; metadata addresses stay refused even then.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 16 * 1024
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, DigitalOcean, OpenStack…
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
}
METADATA_NAMES = {"metadata.google.internal", "metadata", "instance-data"}
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class OutboundError(Exception):
    """The request was refused or failed; the message is for an editor or API client."""


class RefusedAddress(OutboundError):
    """The URL points at an address Masthead does not send requests to."""


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    url: str
    truncated: bool = False
    redirects: list = field(default_factory=list)

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


def allowed_hosts():
    return {host.lower().rstrip(".") for host in getattr(settings, "OUTBOUND_ALLOWED_HOSTS", [])}


def refused_reason(address):
    """Why an IP address is refused, or None if requests may go to it."""
    ip = ipaddress.ip_address(str(address).split("%")[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return _("a cloud metadata address")
    if ip.is_unspecified:
        return _("an unspecified address")
    if ip.is_loopback:
        return _("a loopback address")
    if ip.is_link_local:
        return _("a link-local address")
    if ip.is_multicast:
        return _("a multicast address")
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return _("a private or reserved address")
    return None


def check_host(host):
    """Refuse a host name that is internal by name alone (no DNS needed): used when an
    editor registers a URL, and before every request."""
    name = (host or "").lower().rstrip(".")
    if name in METADATA_NAMES:
        raise RefusedAddress(_("%(host)s is a cloud metadata address.") % {"host": host})
    try:
        literal = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        check_address(host, literal)
    elif name not in allowed_hosts() and (name in LOCAL_NAMES or name.endswith(".localhost")):
        raise RefusedAddress(_("%(host)s is this server itself.") % {"host": host})


def check_address(host, address):
    """Refuse `address` (what `host` resolved to) unless it is public, or the host is
    allowed by OUTBOUND_ALLOWED_HOSTS (metadata addresses never are)."""
    ip = ipaddress.ip_address(str(address).split("%")[0])
    if ip in METADATA_ADDRESSES or (
        getattr(ip, "ipv4_mapped", None) and ip.ipv4_mapped in METADATA_ADDRESSES
    ):
        raise RefusedAddress(_("%(host)s points at a cloud metadata address.") % {"host": host})
    if (host or "").lower().rstrip(".") in allowed_hosts():
        return
    reason = refused_reason(ip)
    if reason:
        raise RefusedAddress(
            _("%(host)s points at %(reason)s; only public addresses can be used.")
            % {"host": host, "reason": reason}
        )


def resolve(host, port):
    """The first address of `host`, after checking every address it resolves to."""
    check_host(host)
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise OutboundError(_("The host %(host)s could not be found.") % {"host": host}) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        check_address(host, address)
    return addresses[0]


class _Pinned:
    """Connects to the checked address (never resolving the name again), after checking
    that address once more."""

    def _open_socket(self):
        check_address(self.host, self.address)
        return socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPConnection(_Pinned, http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = self._open_socket()


class PinnedHTTPSConnection(_Pinned, http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        # SNI and the certificate check use the name, the socket the checked address.
        self.sock = self._context.wrap_socket(self._open_socket(), server_hostname=self.host)


def _send(method, url, body, headers, timeout):
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundError(_("Only http and https addresses can be used."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise OutboundError(_("The address has an invalid port.")) from exc
    address = resolve(parts.hostname, port)
    kind = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = kind(parts.hostname, port, address, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request(method, path, body=body, headers=headers or {})
    return connection, connection.getresponse()


def request(
    method,
    url,
    *,
    body=None,
    headers=None,
    timeout=10.0,
    max_bytes=1024 * 1024,
    max_redirects=0,
):
    """Send one request through the guards above; return a Response (any status).

    Raises RefusedAddress for a refused address (on any hop), OutboundError for anything
    else that went wrong (no answer, too slow, a redirect loop). A body longer than
    `max_bytes` is cut there (`truncated`); callers that must have it whole refuse it."""
    deadline = time.monotonic() + timeout
    hops = []
    try:
        for _hop in range(max_redirects + 1):
            connection, response = _send(method, url, body, headers, timeout)
            try:
                location = response.getheader("Location")
                if response.status in REDIRECTS and location and len(hops) < max_redirects:
                    hops.append(url)
                    url = urljoin(url, location)
                    if response.status == 303:
                        method, body = "GET", None
                    continue
                data, truncated = bytearray(), False
                while chunk := response.read(min(CHUNK, max_bytes + 1 - len(data))):
                    data += chunk
                    if len(data) > max_bytes:
                        data, truncated = data[:max_bytes], True
                        break
                    if time.monotonic() > deadline:
                        raise OutboundError(_("The server took too long to answer."))
                return Response(
                    status=response.status,
                    headers={k.lower(): v for k, v in response.getheaders()},
                    body=bytes(data),
                    url=url,
                    truncated=truncated,
                    redirects=hops,
                )
            finally:
                connection.close()
    except (OSError, http.client.HTTPException) as exc:
        raise OutboundError(_("The request failed: %(error)s") % {"error": exc}) from exc
    raise OutboundError(_("Too many redirects."))
