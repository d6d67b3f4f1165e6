"""The per-reader endpoint: everything on a public page that differs by reader.

Public pages are the same bytes for every reader, signed in or not, so the page cache
and the fragments serve them all. What differs (the account link, a thank-you in place
of a membership ask, a comment form, likes, the CSRF token for forms inside cached
HTML) comes from `GET /_/reader.json?path=…&page=…` (URL name `reader`), never cached,
and `static/js/reader.js` puts it in the page. Apps add parts in AppConfig.ready():

    from masthead.core import reader

    def account_part(request, context):
        # context: {"path": str, "page": int | None}; return a JSON-able dict or None
        return {"html": ...}

    reader.register("account", account_part, order=10)

A part must be cheap (at most two queries) and never raise for a strange `path` or
`page`. If its data has "html", reader.js replaces the inner HTML of every
`[data-reader-part="<name>"]` element with it (escape what you put in it); without
JavaScript, or for a part that sends nothing, the element keeps its fallback content
(plain links). reader.js then dispatches the document event `masthead:reader` with the
whole answer (`event.detail`) for richer scripts. Forms inside cached HTML carry
`data-reader-csrf`: reader.js adds a `csrfmiddlewaretoken` from the answer's "csrf"
(without JavaScript, core/csrf.py accepts them by origin).
"""

import logging
from dataclasses import dataclass

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

MAX_PATH = 2000


@dataclass(frozen=True)
class Part:
    name: str
    function: object
    order: int


_parts = {}


def register(name, function, order=100):
    """Add (or replace) the part `name`: `function(request, context)` returns a JSON-able
    dict or None. Parts run in `order`, then by name."""
    _parts[name] = Part(name, function, order)


def unregister(name):
    _parts.pop(name, None)


def registered():
    return sorted(_parts.values(), key=lambda part: (part.order, part.name))


def context_from(params):
    """The validated context a page sends: its path (a local path or nothing) and the
    Wagtail page id from `<body data-page-id>` (an int or None)."""
    path = params.get("path", "")
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        path = ""
    path = path[:MAX_PATH]
    try:
        page = int(params.get("page", ""))
    except (TypeError, ValueError):
        page = None
    if page is not None and not 0 < page < 2**63:
        page = None
    return {"path": path, "page": page}


def parts_for(request, context):
    found = {}
    for part in registered():
        try:
            data = part.function(request, context)
        except Exception:
            # One broken part must not take the others (or the sign-in link) down.
            logger.exception("reader part %s failed", part.name)
            continue
        if data is not None:
            found[part.name] = data
    return found


def private(response):
    """Never kept by any cache: this answer is one reader's."""
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def reader_view(request):
    context = context_from(request.GET)
    user = request.user
    signed_in = bool(user.is_authenticated)
    data = {
        "signed_in": signed_in,
        # A token for forms inside cached HTML, only when the page has some (reader.js
        # asks); it sets the CSRF cookie here, on an answer no cache keeps.
        "csrf": get_token(request) if request.GET.get("csrf") else None,
        "parts": parts_for(request, context),
    }
    response = JsonResponse(data)
    response["X-Robots-Tag"] = "noindex"
    return private(response)


def first_url(*names):
    """The URL of the first of these URL names that exists (apps come and go)."""
    from django.urls import NoReverseMatch, reverse

    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def sign_in_url():
    return first_url("users:sign-in", "wagtailadmin_login")


def sign_out_url():
    return first_url("users:sign-out", "wagtailadmin_logout")


def account_part(request, context):
    """ "Signed in as …" and a sign-out button for a signed-in reader; nothing for an
    anonymous one (the header's plain "Sign in" link stays). The accounts app replaces
    this part with its own (same name)."""
    from django.template.loader import render_to_string

    user = request.user
    if not user.is_authenticated:
        return None
    html = render_to_string(
        "core/reader/account.html",
        {"email": user.email, "sign_out_url": sign_out_url(), "csrf_token": get_token(request)},
    )
    return {"html": html, "email": user.email}
