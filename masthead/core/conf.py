"""Settings of core (masthead/core/appsettings.py says how app settings are wired): the page
cache, fragments, cache lifetimes, reader-form rate limits and the client address."""

from masthead.core.appsettings import env

# The full-page cache for anonymous readers (core/pagecache.py); CACHES["pages"] is
# wired in config/settings/base.py.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# The query parameters each path reads, by path prefix (the longest match wins; "" is
# every other path, the Wagtail pages). Any other parameter (utm_*, fbclid, gclid, junk)
# is dropped from the page cache's key and from the request before the page renders.
PAGE_CACHE_QUERY_PARAMS = {
    # listings' page numbers; the news feed's older items; an article's comments: their
    # order and page (masthead/comments)
    "": ["page", "before", "sort", "cpage"],
    "/search/": ["q", "section", "author", "date_from", "date_to", "page"],
    "/api/v1/": ["section", "tag", "author", "kind", "updated_since", "cursor", "limit"],
}
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
    "/documents/",
    "/static/",
    "/media/",
    "/healthz",
    "/_/",  # per-reader answers (core/reader.py)
    "/account/",  # reader accounts: sign-in, the account page (users)
    # /membership/ itself is cached (a member's thank-you is a per-reader part); joining
    # and a member's full text of a gated article are marked pagecache.per_reader.
    "/payments/",  # the Stripe webhook
    "/comments/",  # writing, editing, reporting a comment; unsubscribe (comments)
    "/audio/",  # narration MP3s: streamed, with range requests
    "/api/v1/admin/",  # the key-guarded Admin API
    "/live/",  # the news feed's live stream and its polling fallback set their own headers
    # Search pages: answered fresh from the index every time (masthead/search/CONTEXT.md,
    # "Caching"), so an article is findable as soon as the worker has indexed it.
    "/search/",
]

# Cache lifetimes for anonymous reading pages, in seconds.
CACHE_CONTROL_MAX_AGE = env.int("CACHE_CONTROL_MAX_AGE", default=60)
CACHE_CONTROL_S_MAXAGE = env.int("CACHE_CONTROL_S_MAXAGE", default=300)
CACHE_CONTROL_STALE_WHILE_REVALIDATE = env.int("CACHE_CONTROL_STALE_WHILE_REVALIDATE", default=60)
CACHE_CONTROL_STALE_IF_ERROR = env.int("CACHE_CONTROL_STALE_IF_ERROR", default=86400)

# Anonymous pages as files for nginx (core/pagefiles.py): the directory nginx's
# try_files reads (shared by the app and nginx on one machine); "" (the default) writes
# none. `make serve-prod` sets it. Files older than PAGE_CACHE_FILES_MAX_AGE seconds (the
# pages' s-maxage) are swept, and at most PAGE_CACHE_FILES_MAX pages are kept.
PAGE_CACHE_FILES_ROOT = env.str("PAGE_CACHE_FILES_ROOT", default="")
PAGE_CACHE_FILES_MAX_AGE = env.int("PAGE_CACHE_FILES_MAX_AGE", default=CACHE_CONTROL_S_MAXAGE)
PAGE_CACHE_FILES_MAX = env.int("PAGE_CACHE_FILES_MAX", default=10_000)

# Reader forms: at most FORM_RATE_LIMIT submissions per IP per FORM_RATE_WINDOW seconds.
FORM_RATE_LIMIT = env.int("FORM_RATE_LIMIT", default=5)
FORM_RATE_WINDOW = env.int("FORM_RATE_WINDOW", default=3600)

# Behind a proxy, the header that carries the reader's address (e.g. X-Forwarded-For).
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")

# Crash recovery (masthead/core/workers.py): each db_worker beats every TASKS_HEARTBEAT
# seconds; a task held by a worker silent for TASKS_WORKER_DEAD_AFTER is queued again
# (checked by every worker every TASKS_RECOVER_EVERY), and failed after TASKS_MAX_CLAIMS
# dead workers. A task claimed by a worker that never beats is requeued after
# TASKS_STUCK_AFTER.
TASKS_HEARTBEAT = env.float("TASKS_HEARTBEAT", default=10)
TASKS_WORKER_DEAD_AFTER = env.float("TASKS_WORKER_DEAD_AFTER", default=60)
TASKS_RECOVER_EVERY = env.float("TASKS_RECOVER_EVERY", default=30)
TASKS_MAX_CLAIMS = env.int("TASKS_MAX_CLAIMS", default=3)
TASKS_STUCK_AFTER = env.int("TASKS_STUCK_AFTER", default=3600)

# Outgoing requests (webhooks, image fetches: masthead/core/outbound.py) go to public
# addresses only; these hosts (exact names or IP literals) may be internal.
OUTBOUND_ALLOWED_HOSTS = env.list("OUTBOUND_ALLOWED_HOSTS", default=[])

# Content-Security-Policy (masthead/core/headers.py): the looser admin policy applies under
# these paths (Wagtail's admin and the API's Swagger UI ship inline scripts); embeds may
# load frames from CSP_FRAME_SRC; violations are reported to CSP_REPORT_URI when set.
ADMIN_CSP_PATHS = ["/admin/", "/api/docs"]
CSP_FRAME_SRC = env.list("CSP_FRAME_SRC", default=["https:"])
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
CSP_FORM_ACTION = env.list(
    "CSP_FORM_ACTION", default=["https://checkout.stripe.com", "https://billing.stripe.com"]
)
