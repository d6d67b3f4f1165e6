"""Content-Security-Policy and Permissions-Policy on every response.

Reader pages get a strict policy: scripts and styles from this site only (plus the
hash of the one inline style block, the error page's), no inline scripts, no
`unsafe-inline`, no nonce. A nonce would make each response unique and the page cache
(which stores these headers with the page) useless, so every reader script is a static
file. JSON-LD (`<script type="application/ld+json">`) is data, never run, and needs no
permission.

The Wagtail admin and the API's Swagger UI (ADMIN_CSP_PATHS) get a looser policy: both
ship inline scripts and styles that Masthead does not control; they are used by signed-in
staff only, are never cached, and are still limited to this site's origin for everything
they load or send (docs/security.md, "Content-Security-Policy").
"""

import base64
import functools
import hashlib
import re

from django.conf import settings
from django.dispatch import receiver
from django.test.signals import setting_changed

from . import csp_sources


def _hash(text):
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _inline_style_hashes():
    """Hashes of the <style> blocks of the templates that must render without static
    files (the 500 page)."""
    hashes = []
    for path in csp_sources.STYLE_TEMPLATES:
        text = (settings.BASE_DIR / path).read_text()
        hashes += [_hash(block) for block in re.findall(r"<style>(.*?)</style>", text, re.S)]
    return hashes


def _join(policy):
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in policy.items())


def reader_policy():
    media = csp_sources.media_origin()
    policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", *_inline_style_hashes()],
        "img-src": ["'self'", "data:", *media],
        "media-src": ["'self'", *media],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Embeds in articles (video players) come from their own sites.
        "frame-src": list(getattr(settings, "CSP_FRAME_SRC", ["https:"])),
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Forms post here; a checkout redirects on to the payment provider's pages.
        "form-action": ["'self'", *getattr(settings, "CSP_FORM_ACTION", [])],
        "frame-ancestors": ["'none'"],
    }
    return _join(_with_report(policy))


def admin_policy():
    media = csp_sources.media_origin()
    policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *media],
        "media-src": ["'self'", *media],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *getattr(settings, "CSP_FRAME_SRC", ["https:"])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],  # Wagtail previews pages in a frame of its own
    }
    return _join(_with_report(policy))


def _with_report(policy):
    if getattr(settings, "CSP_REPORT_URI", ""):
        policy["report-uri"] = [settings.CSP_REPORT_URI]
    return policy


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)


@functools.cache
def policies():
    """(reader policy, admin policy, admin paths), built once per process and again
    whenever a setting changes (tests)."""
    return (
        reader_policy(),
        admin_policy(),
        tuple(getattr(settings, "ADMIN_CSP_PATHS", ("/admin/",))),
    )


@receiver(setting_changed)
def _settings_changed(**kwargs):
    policies.cache_clear()


class SecurityHeadersMiddleware:
    """Adds the policies to responses that have none (a view may set its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            reader, admin, admin_paths = policies()
            response["Content-Security-Policy"] = (
                admin if request.path.startswith(admin_paths) else reader
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
