"""A fixed-window rate limit kept in the cache (Redis in production)."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The reader's address; behind a proxy, the first address in CLIENT_IP_HEADER."""
    header = settings.CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(key, limit, window):
    """Count one hit on `key`; return True while the count is within `limit` per `window` s."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit
