"""Settings of the search page (masthead/search/CONTEXT.md)."""

from masthead.core.appsettings import env

# Search pages are never in the app's page cache; a CDN may keep one this many seconds.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=10)
