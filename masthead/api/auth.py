"""Admin API authentication: `Authorization: Bearer mh_<prefix>_<secret>`, per-operation
scopes, and the per-key rate limit on writes.

A key never holds more than its creator does now: every request re-reads the creator
(active, may still enter the admin) and each write checks the creator's current
permission for it (`require`), so a role change or a departure takes effect at once."""

import hmac
import time

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from masthead.core import ratelimit

from . import services
from .models import ApiKey

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
NO_LONGER_ALLOWED = _lazy(
    "The person who created this API key does not have permission to do this now."
)


class KeyAuth(HttpBearer):
    """Accept an active key holding `scope`: 401 for no, a bad or a revoked key, 403 for a
    key without the scope. Each use is recorded (services.do_mark_key_used)."""

    def __init__(self, scope):
        self.scope = scope
        super().__init__()

    def __call__(self, request):
        result = super().__call__(request)
        if result is None and request.headers.get("Authorization"):
            raise HttpError(401, _("The API key is malformed or unknown."))
        return result

    def authenticate(self, request, token):
        key = find_key(token)
        if key is None:
            raise HttpError(401, _("The API key is malformed or unknown."))
        if not key.is_active:
            raise HttpError(401, _("This API key has been revoked."))
        if not key.created_by.is_active:
            raise HttpError(401, _("The person who created this API key can no longer sign in."))
        services.do_mark_key_used(key)
        if not key.created_by.has_perm("wagtailadmin.access_admin"):
            raise HttpError(403, str(NO_LONGER_ALLOWED))
        if not key.has_scope(self.scope):
            raise HttpError(
                403, _("This API key lacks the %(scope)s scope.") % {"scope": self.scope}
            )
        return key


def require(request, allowed):
    """403 unless the key's creator holds the permission now. `allowed` is a permission
    name ("livefeed.add_feeditem") or a function of the user (for Wagtail's collection
    and page permissions). The creator was read afresh for this request (find_key)."""
    user = request.auth.created_by
    if not (allowed(user) if callable(allowed) else user.has_perm(allowed)):
        raise HttpError(403, str(NO_LONGER_ALLOWED))


def find_key(token):
    parts = services.split_token(token)
    if parts is None:
        return None
    prefix, secret = parts
    key = ApiKey.objects.select_related("created_by").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.hashed_secret, services.hash_secret(secret)):
        return None
    return key


class WriteThrottle(BaseThrottle):
    """API_WRITE_RATE_LIMIT writes per key in a fixed window aligned to the clock, so
    Retry-After (set by django-ninja from wait()) is the time left in the window. Runs
    after authentication; reads are not counted."""

    def allow_request(self, request):
        key = getattr(request, "auth", None)
        if request.method in SAFE_METHODS or key is None:
            return True
        window = settings.API_WRITE_RATE_WINDOW
        bucket = int(time.time() // window)
        return ratelimit.hit(f"api-write:{key.pk}:{bucket}", settings.API_WRITE_RATE_LIMIT, window)

    def wait(self):
        window = settings.API_WRITE_RATE_WINDOW
        return max(1, window - time.time() % window)
