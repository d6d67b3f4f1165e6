"""Who is staff: anyone who can reach the admin. Staff skip the page cache and the
fragments (they may see edit links and draft-only parts); every other signed-in reader
is served the same bytes as an anonymous one (core/reader.py).

The page cache must decide before Django's auth runs (config/wsgi.py FastPath), so a
staff sign-in sets the marker cookie `mh_staff` and a sign-out clears it. The marker
only ever makes a request SKIP the cache: a reader who forges it loses caching, and a
staff member without it (signed in before the marker existed, cookie cleared) is
served a cached anonymous page, never stores one (PageCacheMiddleware checks the user
before it stores, and sets the marker again).
"""

from django.conf import settings

STAFF_COOKIE = "mh_staff"
# Readable by reader.js (not HttpOnly; it says nothing but "someone signed in here"): an
# anonymous reader's page then makes no request to the per-reader endpoint at all.
READER_COOKIE = "mh_reader"


def user_is_staff(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    # is_staff reaches the Django admin; the permission, Wagtail's.
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def is_staff(request):
    """Whether this request's user can reach the admin (memoised on the request; an
    anonymous reader costs no query)."""
    if request is None:
        return False
    found = getattr(request, "_masthead_is_staff", None)
    if found is None:
        found = user_is_staff(getattr(request, "user", None))
        request._masthead_is_staff = found
    return found


def set_marker(response):
    response.set_cookie(
        STAFF_COOKIE,
        "1",
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def clear_marker(response):
    response.delete_cookie(STAFF_COOKIE, samesite="Lax")


def set_reader_marker(response):
    response.set_cookie(
        READER_COOKIE,
        "1",
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,
        samesite="Lax",
    )


def on_logged_in(sender, request, user, **kwargs):
    if request is not None:
        request._masthead_staff_marker = "set" if user_is_staff(user) else "clear"
        request._masthead_reader_marker = "set"


def on_logged_out(sender, request, **kwargs):
    if request is not None:
        request._masthead_staff_marker = "clear"
        request._masthead_reader_marker = "clear"


class StaffMarkerMiddleware:
    """Sets or clears `mh_staff` (staff) and `mh_reader` (anyone signed in) on the response
    of a sign-in or sign-out (the signals run inside the view, before there is a response
    to put a cookie on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        marker = getattr(request, "_masthead_staff_marker", None)
        if marker == "set":
            set_marker(response)
        elif marker == "clear" and STAFF_COOKIE in request.COOKIES:
            clear_marker(response)
        reader_marker = getattr(request, "_masthead_reader_marker", None)
        if reader_marker == "set":
            set_reader_marker(response)
        elif reader_marker == "clear" and READER_COOKIE in request.COOKIES:
            response.delete_cookie(READER_COOKIE, samesite="Lax")
        return response


def connect():
    from django.contrib.auth.signals import user_logged_in, user_logged_out

    user_logged_in.connect(on_logged_in, dispatch_uid="masthead_staff_marker_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="masthead_staff_marker_out")
