"""Fetch an image from a URL on the server, within limits, refusing internal addresses.

Every request goes through `masthead.core.outbound` (public addresses only, checked on
every redirect hop and again at connect time; OUTBOUND_ALLOWED_HOSTS names trusted
internal hosts). The body is abandoned as soon as it passes API_IMAGE_MAX_BYTES.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from masthead.core import outbound

from . import services


class FetchError(Exception):
    """A URL that could not be fetched as an image; the message is for the API client."""


def fetch(url):
    """Return (bytes, file name) of the resource at `url`, or raise FetchError."""
    limit = settings.API_IMAGE_MAX_BYTES
    try:
        response = outbound.request(
            "GET",
            url,
            headers={"User-Agent": "Masthead image fetcher"},
            timeout=settings.API_IMAGE_FETCH_TIMEOUT,
            max_bytes=limit,
            max_redirects=settings.API_IMAGE_FETCH_MAX_REDIRECTS,
        )
    except outbound.RefusedAddress as exc:
        raise FetchError(
            _("Images cannot be fetched from private or internal addresses: %(why)s") % {"why": exc}
        ) from exc
    except outbound.OutboundError as exc:
        raise FetchError(_("The image could not be fetched: %(error)s") % {"error": exc}) from exc
    if response.status in outbound.REDIRECTS:
        raise FetchError(_("The image URL redirected too many times."))
    if response.status != 200:
        raise FetchError(
            _("The image URL answered with HTTP status %(status)s.") % {"status": response.status}
        )
    length = response.header("Content-Length", "")
    if response.truncated or (length.isdigit() and int(length) > limit):
        raise FetchError(services.too_large().messages[0])
    name = urlsplit(response.url).path.rsplit("/", 1)[-1] or "image"
    return response.body, name
