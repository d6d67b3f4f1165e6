"""Settings for the test suite. DATABASE_URL picks PostgreSQL or SQLite."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "masthead-tests-only"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".test-media")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
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

# The Admin API's URL-fetch tests serve images from a real HTTP server on 127.0.0.1.
API_IMAGE_FETCH_ALLOW_PRIVATE = True

# A worker process a test starts (the newsletter sends) mails the test's own SMTP server.
if env.str("TEST_EMAIL_URL", default=""):
    vars().update(env.email_url("TEST_EMAIL_URL"))
