"""The beacon endpoint's work, shared by the WSGI fast path (wsgi.py: what `make run` and
production serve, before Django builds a request) and the Django view (views.hit: the
test client, ASGI). No database, no session, no cookie: parse, buffer, answer."""

import logging
from urllib.parse import parse_qsl

from masthead.core.ratelimit import client_ip

from . import buffer, hits, scheduling

logger = logging.getLogger(__name__)

PATH = "/_/hit"
MAX_BODY = 2048
# A transparent 1×1 GIF, for the <noscript> image.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
]


class _Meta:
    __slots__ = ("META",)

    def __init__(self, environ):
        self.META = environ


def params_of(query_string, body):
    params = dict(parse_qsl(query_string[:MAX_BODY], keep_blank_values=True))
    if body:
        params.update(parse_qsl(body[:MAX_BODY].decode("utf-8", "replace"), keep_blank_values=True))
    return params


def record(params, environ):
    """Count one beacon request (environ: a WSGI environ or request.META). Returns
    whether a hit was buffered."""
    hit = hits.parse(params, environ, client_ip(_Meta(environ)))
    if hit is None:
        return False
    try:
        buffer.current().append(hit)
    except Exception:  # the buffer is down: this view is lost, the page is not slower
        logger.exception("analytics: could not buffer a hit")
        return False
    scheduling.ensure_flush_scheduled()
    return True
