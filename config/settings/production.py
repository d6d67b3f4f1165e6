"""Production: PostgreSQL, Redis, task workers, real email, HTTPS.

Refuses to start without a real SECRET_KEY, and is clean under
`manage.py check --deploy --fail-level WARNING` given one and an https SITE_URL.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SITE_URL, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )

_https = SITE_URL.startswith("https://")
# Behind a TLS proxy (nginx, a load balancer) that sets X-Forwarded-Proto: trust it to say
# the reader came over https. Only where every request passes that proxy (it must set or
# strip the header); `make run` (embedded.py) trusts it only when told to.
TRUST_PROXY_HEADERS = env.bool("TRUST_PROXY_HEADERS", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUST_PROXY_HEADERS else None
# The public host from X-Forwarded-Host, for a proxy that rewrites Host (still checked
# against ALLOWED_HOSTS); off unless asked for, as the page cache keys by Host.
USE_X_FORWARDED_HOST = TRUST_PROXY_HEADERS and env.bool("USE_X_FORWARDED_HOST", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_https)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {
        "BACKEND": env.str(
            "DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"
        )
    },
    # WhiteNoise's compressed manifest storage, each URL worked out once per process
    "staticfiles": {"BACKEND": "masthead.core.staticfiles.ManifestStaticFilesStorage"},
}
