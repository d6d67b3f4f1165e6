"""The daily salt of the visitor hash: one random value per UTC day, shared by every server
process through the default cache (Redis in production, files in `make run`), and deleted
once the day is over (`forget_before`, run by every flush; the cache entry also expires
an hour after its day).

A reader is therefore the same visitor within a day and a stranger the next: nothing can
link two days, and once the salt is gone not even we can recompute a hash.
"""

import datetime
import secrets
import time

from django.core.cache import cache

KEY = "analytics:salt:"
# Each process rereads the day's salt this often: with the file cache two processes may
# both create one in the first instant of a day; they agree again within this time.
REREAD_SECONDS = 60
_memo = {}


def _day(now):
    return datetime.datetime.fromtimestamp(now, tz=datetime.UTC).date()


def for_time(now):
    """The salt (bytes) of the UTC day of `now` (unix time)."""
    day = _day(now)
    memo = _memo.get(day)
    if memo is not None and memo[1] > time.monotonic():
        return memo[0]
    key = KEY + day.isoformat()
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), datetime.UTC)
    timeout = max(60, int(end.timestamp() - now) + 3600)
    cache.add(key, secrets.token_hex(16), timeout=timeout)
    value = cache.get(key) or secrets.token_hex(16)
    salt = bytes.fromhex(value)
    _memo.clear()
    _memo[day] = (salt, time.monotonic() + REREAD_SECONDS)
    return salt


def forget_before(day):
    """Delete the salts of the two days before `day` (what a flush runs each time)."""
    _memo.pop(day - datetime.timedelta(days=1), None)
    cache.delete_many([KEY + (day - datetime.timedelta(days=n)).isoformat() for n in (1, 2)])
