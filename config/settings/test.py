"""Settings for the test suite. DATABASE_URL picks PostgreSQL or SQLite."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "masthead-tests-only"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".test-media")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "narration"],
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]

# The page cache is off unless a test turns it on (masthead/core/tests/test_page_cache.py),
# so query counts and rendering tests see real renders.
PAGE_CACHE_ENABLED = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests-pages",
    },
}

# Publishing in tests does not narrate (real synthesis takes seconds); the audio tests
# that exercise the publish path turn it on.
NARRATION_AUTO = False

# The image-fetch and webhook tests serve from real HTTP servers on 127.0.0.1; that one
# host is allowed by name (masthead/core/outbound.py), every other internal address is not.
OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]

# Sign-in throttling is off except in the test that checks it (users/tests/test_login_throttle.py),
# so the many tests that sign in never lock each other out.
AXES_ENABLED = False
# A worker process a test starts (the newsletter sends) mails the test's own SMTP server.
if env.str("TEST_EMAIL_URL", default=""):
    vars().update(env.email_url("TEST_EMAIL_URL"))
