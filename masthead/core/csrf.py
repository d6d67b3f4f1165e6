"""CSRF for reader forms inside cached pages.

A cached page is the same bytes for every reader, so it cannot carry a CSRF token (a
token is per reader, and `{% csrf_token %}` sets a cookie, which makes a page
uncacheable). Forms on such pages are marked `data-reader-csrf`:

* With JavaScript, reader.js fills in a token from the per-reader endpoint
  (core/reader.py): Django's usual check applies.
* Without JavaScript the form is posted with no token. Then the browser's own word on
  where the post comes from decides, as Go's CrossOriginProtection and the Fetch
  Metadata guidance do: `Sec-Fetch-Site: same-origin` (every current browser sends it),
  or else an `Origin` (or, lacking that, a `Referer`) naming this site, is accepted;
  anything naming another site is refused by Django's check (403). A browser that sends
  none of them gets the form back, uncached, with the reader's text kept, a fresh token
  and a note asking to send it again (`request.reader_form_needs_token`; the page's
  view does that).

Session and CSRF cookies are SameSite=Lax, so a cross-site post carries no session
either. Only views marked as reader forms (Wagtail's page view, for form pages, and
views decorated with `reader_form`) get this; everything else (the admin, accounts)
keeps Django's check unchanged.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware

SAME, CROSS, UNKNOWN = "same", "cross", "unknown"


def reader_form(view):
    """Mark a view whose POST may come from a form in a cached page (see above)."""
    view.reader_form = True
    return view


def _is_reader_form(callback):
    if getattr(callback, "reader_form", False):
        return True
    from wagtail import views

    return callback is views.serve


def _has_token(request):
    return settings.CSRF_HEADER_NAME in request.META or bool(
        request.POST.get("csrfmiddlewaretoken")
    )


def _own_origins(request):
    own = {f"{request.scheme}://{request.get_host()}".lower()}
    own.update(origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS if "*" not in origin)
    return own


def origin_verdict(request):
    """SAME, CROSS or UNKNOWN: where the browser says this request comes from."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site in ("same-origin", "none"):
        return SAME
    if fetch_site:  # same-site (another subdomain) or cross-site
        return CROSS
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        referer = request.META.get("HTTP_REFERER")
        if not referer:
            return UNKNOWN
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return SAME if origin.lower() in _own_origins(request) else CROSS


class ReaderCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CsrfViewMiddleware, plus the tokenless path for reader forms above."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if (
            request.method == "POST"
            # Django's test client without enforce_csrf_checks: Django's own check is off
            and not getattr(request, "_dont_enforce_csrf_checks", False)
            and not getattr(callback, "csrf_exempt", False)
            and _is_reader_form(callback)
            and not _has_token(request)
        ):
            verdict = origin_verdict(request)
            if verdict == SAME:
                request.reader_form_checked_by = "origin"
                return None
            if verdict == UNKNOWN:
                # Not processed: the view shows the form again with a token.
                request.reader_form_needs_token = True
                return None
        return super().process_view(request, callback, callback_args, callback_kwargs)
