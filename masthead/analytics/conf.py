"""Settings of the analytics app and their defaults, read from the environment
(masthead/core/appsettings.py says how app settings are wired)."""

from masthead.core.appsettings import env

# Count views at all (the beacon answers 204 and counts nothing when off).
ANALYTICS_ENABLED = env.bool("ANALYTICS_ENABLED", default=True)
# Where hits wait for the flush: Redis counters when a Redis URL is set (this one, else
# REDIS_URL), otherwise append-only files under ANALYTICS_BUFFER_DIR (default
# .cache/analytics beside the project), shared by every server process on the machine.
ANALYTICS_REDIS_URL = env.str("ANALYTICS_REDIS_URL", default="")
ANALYTICS_REDIS_PREFIX = env.str("ANALYTICS_REDIS_PREFIX", default="mh:an:")
ANALYTICS_BUFFER_DIR = env.str("ANALYTICS_BUFFER_DIR", default="")
# Behind deploy's nginx: the directory nginx appends the beacons to (nginxlog.py; written
# into nginx's includes by `manage.py analytics_nginx`). Empty: the app counts them.
ANALYTICS_NGINX_LOG_DIR = env.str("ANALYTICS_NGINX_LOG_DIR", default="")
# nginx starts a file every this many seconds: 10, or 1 (the tests; more files to count).
ANALYTICS_NGINX_SLOT_SECONDS = env.int("ANALYTICS_NGINX_SLOT_SECONDS", default=10)
# Each server process starts a new buffer file every this many seconds; a file is
# flushed once no process writes to it any more (two segments later).
ANALYTICS_SEGMENT_SECONDS = env.int("ANALYTICS_SEGMENT_SECONDS", default=5)
# The flush task runs every this many seconds (and `manage.py flush_analytics` by hand).
ANALYTICS_FLUSH_INTERVAL = env.int("ANALYTICS_FLUSH_INTERVAL", default=30)
# A local GeoIP2/GeoLite2 country database (.mmdb); unset or missing: no country.
ANALYTICS_GEOIP_PATH = env.str("ANALYTICS_GEOIP_PATH", default="")
# Most popular: how many articles each list shows.
ANALYTICS_POPULAR_SIZE = env.int("ANALYTICS_POPULAR_SIZE", default=5)
# The home page (one path) is purged when its most-popular list changes, at most this
# often; article pages pick the new list up as their cached copy expires.
ANALYTICS_POPULAR_PURGE_EVERY = env.int("ANALYTICS_POPULAR_PURGE_EVERY", default=120)
# Time spent per view is capped here (a tab left open all night is not reading).
ANALYTICS_MAX_SECONDS = env.int("ANALYTICS_MAX_SECONDS", default=1800)
