"""Settings shared by every environment.

Everything configurable comes from the environment, with defaults that run the
embedded newsroom (SQLite, local files, console email) on a machine with no
services. See docs/deploy.md for the production values.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.translation import gettext_lazy as _

from masthead.core.appsettings import app_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep overrides in .env; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")

# Unset, the address `make run` / `make dev` serve on (PORT).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
SITE_URL = SITE_URL.rstrip("/")
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
    "masthead.members",
    "masthead.payments",
    "masthead.newsletters",
    "masthead.comments",
    "masthead.analytics",
    # The demo newsroom (manage.py load_demo): writes every app's tables, imported by none.
    "masthead.demo",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Admin sign-in throttling (docs/security.md): failed attempts per email and address.
    "axes",
]

MIDDLEWARE = [
    # HEAD on the APIs runs as GET (ninja routes GET only) and loses its body here.
    "masthead.api.middleware.HeadAsGetMiddleware",
    # CORS for the Content API, outside the page cache: one cached copy for every origin.
    "masthead.api.cors.CorsMiddleware",
    # First, so what it stores carries every other middleware's headers. It stores a
    # plain and a gzip copy of each page; a fresh hit is usually answered even earlier,
    # by pagecache.FastPath in config/wsgi.py.
    "masthead.core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (no nonce: stored with cached pages).
    "masthead.core.headers.SecurityHeadersMiddleware",
    # Compresses what the page cache does not keep (pages that set cookies, signed-in views).
    "masthead.core.compression.PageGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's check, plus origin-checked reader forms in cached pages (core/csrf.py).
    # Django's security.W003 looks for its own class by name: core/checks.py stands in.
    "masthead.core.csrf.ReaderCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets or clears the `mh_staff` marker on sign-in and sign-out (core/staff.py).
    "masthead.core.staff.StaffMarkerMiddleware",
    # Wagtail's site and home page from the fragment cache (core/fragments.py).
    "masthead.core.fragments.SiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with users.throttle.locked_out.
    "axes.middleware.AxesMiddleware",
]

# core/checks.py's masthead.W003 checks for our subclass of Django's CSRF middleware.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

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

# Each app's own settings and their defaults (`masthead/<app>/conf.py`, read from the
# environment; masthead/core/appsettings.py). Anything below, a settings module for one
# environment, or the environment itself may override them.
vars().update(app_settings(INSTALLED_APPS))

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
# At most PAGE_CACHE_MAX_ENTRIES pages are kept, whatever the backend (each page is two
# keys: its copy and a small stamp); past it, the oldest stored (Redis) or a share of
# them (files) go first.
PAGE_CACHE_MAX_ENTRIES = env.int("PAGE_CACHE_MAX_ENTRIES", default=10_000)
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
        "OPTIONS": {"MAX_ENTRIES": 2 * PAGE_CACHE_MAX_ENTRIES},
    }

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
# Two queues, each with its own workers: "narration" (long: minutes of CPU per article,
# masthead/audio/tasks.py) and "default" for everything else (search indexing, purges,
# emails, webhooks), which therefore never waits behind a batch of narrations.
TASK_QUEUES = ["default", "narration"]
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}

# --- Email ---------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"newsroom@{_site.hostname}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
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
# Staff avatars are Wagtail's own initials, never images from gravatar.com: the admin
# loads nothing from third parties.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# One line per request (the web server's access log), warnings and errors; the lines
# that repeat with traffic or the queue are DEBUG (masthead/core/logs.py).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
# The app's own access log (masthead/core/accesslog.py): on for make run, where no proxy
# logs requests; production's is nginx's.
ACCESS_LOG = env.bool("ACCESS_LOG", default=False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "brief": {
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            "datefmt": "%H:%M:%S",
        },
        "access": {"format": "%(message)s"},
    },
    "filters": {
        "quiet": {
            "()": "masthead.core.logs.Demote",
            # each task a worker runs, and its start-up line
            "loggers": ["django_tasks", "django_tasks_db", "django.tasks"],
            "level": LOG_LEVEL,
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "brief", "filters": ["quiet"]},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "filters": ["quiet"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # 5xx with their traceback; each 404 is already a line of the access log
        "django.request": {"level": "ERROR"},
        # make run's access log (masthead/core/accesslog.py, with ACCESS_LOG)
        "masthead.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}


# --- Reader accounts and memberships (users, members, payments) -------------------

# Sign-in links (django-sesame): signed, single use (they hash last_login), 1 h.
SESAME_MAX_AGE = env.int("SIGN_IN_LINK_MAX_AGE", default=3600)
SESAME_ONE_TIME = True
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out email and address first (sign-in throttling, below).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Only verifies sign-in link tokens (users.services.do_confirm_sign_in).
    "sesame.backends.ModelBackend",
]
LOGIN_URL = "users:sign-in"

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one email
# from one address, that pair is refused for LOGIN_COOLOFF_MINUTES. Unknown emails count
# the same as real ones, so the answers never tell which accounts exist.
AXES_ENABLED = env.bool("LOGIN_THROTTLE_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "masthead.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "masthead.users.throttle.locked_out"
AXES_USERNAME_CALLABLE = "masthead.users.throttle.login_name"
AXES_VERBOSE = False
