"""Settings shared by every environment.

Everything configurable comes from the environment, with defaults that run the
embedded newsroom (SQLite, local files, console email) on a machine with no
services. See docs/deploy.md for the production values.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep overrides in .env; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[_site.hostname, "127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"{_site.scheme}://{_site.netloc}"]
)

WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="The Meridian Ledger")
WAGTAILADMIN_BASE_URL = SITE_URL

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    "masthead.core",
    "masthead.users",
    "masthead.images",
    "masthead.pages",
    "masthead.articles",
    "masthead.search",
    "masthead.audio",
    "masthead.livefeed",
    "masthead.api",
    "masthead.webhooks",
    "masthead.newsletters",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Serves the API docs' Swagger UI from its bundled static files, not a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Email providers' backends and their bounce/complaint webhooks (newsletters).
    "anymail",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First, so what it stores carries every other middleware's headers. It stores a
    # plain and a gzip copy of each page; a fresh hit is usually answered even earlier,
    # by pagecache.FastPath in config/wsgi.py.
    "masthead.core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compresses what the page cache does not keep (pages that set cookies, signed-in views).
    "masthead.core.compression.PageGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Wagtail's site and home page from the fragment cache (core/fragments.py).
    "masthead.core.fragments.SiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data --------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DB_VENDOR = "sqlite" if "sqlite" in DATABASES["default"]["ENGINE"] else "other"
if DB_VENDOR == "sqlite":
    # WAL lets the web server read while the task worker writes; IMMEDIATE
    # transactions take the write lock up front instead of failing mid-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    DB_VENDOR = "postgresql"
    INSTALLED_APPS.append("django.contrib.postgres")
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "masthead.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "masthead",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "masthead",
        }
    }

# The full-page cache for anonymous readers (masthead/core/pagecache.py): Redis in
# production, files in the embedded default so the web server and the task worker
# see the same purges.
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "masthead.core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "masthead-pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path("PAGE_CACHE_DIR", default=BASE_DIR / ".cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# How long each server process trusts its check that a page is fresh and unpurged
# (core/pagecache.py FastPath): the longest a purge takes to reach another process's hits.
PAGE_CACHE_FASTPATH_MEMO = env.float("PAGE_CACHE_FASTPATH_MEMO", default=0.25)
# Fragments and objects reused inside a render (masthead/core/fragments.py): every purge
# makes them unreachable; this bounds how long one may live at all.
FRAGMENT_CACHE_ENABLED = env.bool("FRAGMENT_CACHE_ENABLED", default=True)
FRAGMENT_CACHE_TIMEOUT = env.int("FRAGMENT_CACHE_TIMEOUT", default=600)
# With a shared cache on another server (Redis), each process keeps a copy of this many
# fragments it read, for at most this many seconds (a purge still reaches it at once).
FRAGMENT_LOCAL_ENTRIES = env.int("FRAGMENT_LOCAL_ENTRIES", default=2000)
FRAGMENT_LOCAL_TIMEOUT = env.int("FRAGMENT_LOCAL_TIMEOUT", default=60)
# How long an expired page may still be served while one request re-renders it.
PAGE_CACHE_STALE_TTL = env.int("PAGE_CACHE_STALE_TTL", default=86400)
# A render holds the lock at most this long; others wait at most PAGE_CACHE_WAIT for it.
PAGE_CACHE_LOCK_TIMEOUT = env.int("PAGE_CACHE_LOCK_TIMEOUT", default=30)
PAGE_CACHE_WAIT = env.float("PAGE_CACHE_WAIT", default=10.0)
PAGE_CACHE_EXCLUDE = [
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/static/",
    "/media/",
    "/healthz",
    "/audio/",  # narration MP3s: streamed, with range requests
    "/api/v1/admin/",  # the key-guarded Admin API
    "/live/",  # the news feed's live stream and its polling fallback set their own headers
]

# Purges also go to a CDN or reverse proxy through wagtail.contrib.frontend_cache when
# configured, e.g. FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:8080/purge for nginx/Varnish
# or Cloudflare/CloudFront settings (docs/deploy.md).
WAGTAILFRONTENDCACHE = {}
if env.str("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_PURGE_URL"),
    }
if env.str("CLOUDFLARE_ZONEID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env.str("CLOUDFLARE_BEARER_TOKEN", default=""),
        "ZONEID": env.str("CLOUDFLARE_ZONEID"),
    }

# --- Background tasks ----------------------------------------------------------
# The Django tasks API (django_tasks today, django.tasks from Django 6) with the
# database backend: `manage.py db_worker` runs our tasks and Wagtail's.

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Email ---------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"newsroom@{_site.hostname}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Where reader submissions (opinion pitches, contact messages) go when a form
# page names no address of its own.
EDITORS_EMAIL = env.str("EDITORS_EMAIL", default=f"editors@{_site.hostname}")

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-us")
LANGUAGES = [("en", _("English"))]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail -------------------------------------------------------------------

# Search (masthead/search/CONTEXT.md): "database" is SQLite FTS5 on the embedded default
# and PostgreSQL full-text search in production, picked from DATABASE_URL. For
# Elasticsearch or OpenSearch set SEARCH_BACKEND to elasticsearch8, elasticsearch9,
# opensearch2 or opensearch3, SEARCH_URL to the cluster (SEARCH_INDEX_PREFIX names its
# indexes) and install its client package;
# then run `manage.py update_index`.
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="database")
if SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
            "URLS": env.list("SEARCH_URL", default=["http://127.0.0.1:9200"]),
            "INDEX_PREFIX": env.str("SEARCH_INDEX_PREFIX", default="masthead_"),
            "TIMEOUT": env.int("SEARCH_TIMEOUT", default=5),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Masthead ------------------------------------------------------------------

# Cache lifetimes for anonymous reading pages, in seconds.
CACHE_CONTROL_MAX_AGE = env.int("CACHE_CONTROL_MAX_AGE", default=60)
CACHE_CONTROL_S_MAXAGE = env.int("CACHE_CONTROL_S_MAXAGE", default=300)
CACHE_CONTROL_STALE_WHILE_REVALIDATE = env.int("CACHE_CONTROL_STALE_WHILE_REVALIDATE", default=60)
CACHE_CONTROL_STALE_IF_ERROR = env.int("CACHE_CONTROL_STALE_IF_ERROR", default=86400)

# Reader forms: at most FORM_RATE_LIMIT submissions per IP per FORM_RATE_WINDOW seconds.
FORM_RATE_LIMIT = env.int("FORM_RATE_LIMIT", default=5)
FORM_RATE_WINDOW = env.int("FORM_RATE_WINDOW", default=3600)

# Admin API (masthead/api): writes per key per window, and images fetched by URL.
API_WRITE_RATE_LIMIT = env.int("API_WRITE_RATE_LIMIT", default=120)
API_WRITE_RATE_WINDOW = env.int("API_WRITE_RATE_WINDOW", default=60)
API_IMAGE_MAX_BYTES = env.int("API_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
API_IMAGE_TYPES = ["JPEG", "PNG", "WEBP", "GIF"]  # Pillow format names, sniffed from content
API_IMAGE_FETCH_TIMEOUT = env.float("API_IMAGE_FETCH_TIMEOUT", default=10.0)
API_IMAGE_FETCH_MAX_REDIRECTS = env.int("API_IMAGE_FETCH_MAX_REDIRECTS", default=3)
# Fetching from private, loopback or link-local addresses is refused (SSRF) unless allowed.
API_IMAGE_FETCH_ALLOW_PRIVATE = env.bool("API_IMAGE_FETCH_ALLOW_PRIVATE", default=False)

# Behind a proxy, the header that carries the reader's address (e.g. X-Forwarded-For).
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")

WORDS_PER_MINUTE = 230
ARTICLES_PER_PAGE = 20

# Narration (masthead/audio): a local voice reads each article on publish.
NARRATION_AUTO = env.bool("NARRATION_AUTO", default=True)
# "piper", "espeak", or the dotted path of a masthead.audio.engines.NarrationEngine.
NARRATION_ENGINE = env.str("NARRATION_ENGINE", default="piper")
NARRATION_VOICE = env.str("NARRATION_VOICE", default="en_US-joe-medium")
NARRATION_BITRATE = env.int("NARRATION_BITRATE", default=64)  # kbps, mono MP3
NARRATION_CHUNK_CHARS = env.int("NARRATION_CHUNK_CHARS", default=1200)
# Chunks synthesized at once, each with NARRATION_THREADS onnxruntime threads. Parallel
# chunks scale better across cores than threads inside one; memory grows with both.
NARRATION_WORKERS = env.int("NARRATION_WORKERS", default=2)
NARRATION_THREADS = env.int("NARRATION_THREADS", default=1)
NARRATION_MAX_ATTEMPTS = env.int("NARRATION_MAX_ATTEMPTS", default=4)
NARRATION_RETRY_BACKOFF = env.int("NARRATION_RETRY_BACKOFF", default=60)  # seconds, doubling
PODCAST_CATEGORY = env.str("PODCAST_CATEGORY", default="News")
PODCAST_EXPLICIT = env.bool("PODCAST_EXPLICIT", default=False)
PODCAST_LOCKED = env.bool("PODCAST_LOCKED", default=True)
PODCAST_OWNER_EMAIL = env.str("PODCAST_OWNER_EMAIL", default="")

# The Content API (docs/api.md): origins whose pages may read it from the browser.
# "*" (the default) lets any site read the public content; no credentials are involved.
API_CORS_ALLOWED_ORIGINS = env.list("API_CORS_ALLOWED_ORIGINS", default=["*"])

# The live news feed (masthead/livefeed/CONTEXT.md).
LIVEFEED_PAGE_SIZE = env.int("LIVEFEED_PAGE_SIZE", default=30)
LIVEFEED_WIDGET_ITEMS = env.int("LIVEFEED_WIDGET_ITEMS", default=6)
# "sse" (server-sent events from /live/stream, falling back to polling) or "poll" (only
# /live/changes.json every LIVEFEED_POLL_SECONDS: for a CDN that cuts long connections).
LIVEFEED_TRANSPORT = env.str("LIVEFEED_TRANSPORT", default="sse")
LIVEFEED_POLL_SECONDS = env.int("LIVEFEED_POLL_SECONDS", default=5)
# How often each server process looks for new changes, and how long a stream stays open
# before the browser reconnects (it resumes where it left off).
LIVEFEED_POLL_INTERVAL = env.float("LIVEFEED_POLL_INTERVAL", default=0.3)
LIVEFEED_HEARTBEAT = env.float("LIVEFEED_HEARTBEAT", default=20)
LIVEFEED_STREAM_MAX_AGE = env.int("LIVEFEED_STREAM_MAX_AGE", default=600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
    },
}
