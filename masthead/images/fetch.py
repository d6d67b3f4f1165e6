"""Fetch an image from a URL on the server, within limits, refusing internal addresses.

Every hop of a redirect is checked: http or https only, the host resolved and each of
its addresses checked (private, loopback, link-local and other non-global addresses are
refused unless API_IMAGE_FETCH_ALLOW_PRIVATE), and the connection made to the address
that was checked, so a DNS answer that changes between check and connect cannot slip
through. The body is streamed and abandoned as soon as it passes API_IMAGE_MAX_BYTES.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from . import services

CHUNK = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A URL that could not be fetched as an image; the message is for the API client."""


def _allowed(address):
    ip = ipaddress.ip_address(address.split("%")[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(_("The image's host could not be found.")) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.API_IMAGE_FETCH_ALLOW_PRIVATE and not all(map(_allowed, addresses)):
        raise FetchError(_("Images cannot be fetched from private or internal addresses."))
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _open(url, timeout):
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(_("Only http and https image URLs can be fetched."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(_("The image URL has an invalid port.")) from exc
    address = _resolve(parts.hostname, port)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address, timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    connection.request("GET", path, headers={"User-Agent": "Masthead image fetcher"})
    return connection, connection.getresponse()


def fetch(url):
    """Return (bytes, file name) of the resource at `url`, or raise FetchError."""
    limit = settings.API_IMAGE_MAX_BYTES
    timeout = settings.API_IMAGE_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    try:
        for _hop in range(settings.API_IMAGE_FETCH_MAX_REDIRECTS + 1):
            connection, response = _open(url, timeout)
            try:
                if response.status in REDIRECTS and response.getheader("Location"):
                    url = urljoin(url, response.getheader("Location"))
                    continue
                if response.status != 200:
                    raise FetchError(
                        _("The image URL answered with HTTP status %(status)s.")
                        % {"status": response.status}
                    )
                length = response.getheader("Content-Length")
                if length and length.isdigit() and int(length) > limit:
                    raise FetchError(_too_large(limit))
                data = bytearray()
                while chunk := response.read(CHUNK):
                    data += chunk
                    if len(data) > limit:
                        raise FetchError(_too_large(limit))
                    if time.monotonic() > deadline:
                        raise FetchError(_("Fetching the image took too long."))
                name = urlsplit(url).path.rsplit("/", 1)[-1] or "image"
                return bytes(data), name
            finally:
                connection.close()
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(_("The image could not be fetched: %(error)s") % {"error": exc}) from exc
    raise FetchError(_("The image URL redirected too many times."))


def _too_large(limit):
    return services.too_large().messages[0]
