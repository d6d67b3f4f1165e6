"""Django's Redis cache backend, minus a client object per call.

django.core.cache.backends.redis builds a new `redis.Redis` for every cache operation,
and each one fills a table of some 170 response callbacks: about a fifth of a millisecond
of CPU per call, several times per request (the page cache's version reads, fragments).
A `redis.Redis` is safe to share between threads, so this backend keeps one per
connection pool. Use it as CACHES[...]["BACKEND"] = "masthead.core.redis_cache.RedisCache".
"""

import time

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        """Nothing to check: Redis takes any key. Django's check warns about keys that
        memcached would refuse, a loop over every character in Python, for each key of
        every read (an uncached article's one `get_many` reads a dozen)."""

    def keep_newest(self, index, key, limit):
        """Remember `key` (a cache key) in the sorted set `index` and take the oldest
        keys past `limit` out of it; the caller deletes what they name. Redis may run
        without a maxmemory policy, so a cache that must stay bounded (the page cache)
        keeps its own count. Returns the keys taken out, oldest first."""
        client = self._cache.get_client(write=True)
        index_key = self.make_and_validate_key(index)
        pipe = client.pipeline()
        pipe.zadd(index_key, {key: time.time()})
        pipe.zcard(index_key)
        _, count = pipe.execute()
        if count <= limit:
            return []
        return [member.decode() for member, _score in client.zpopmin(index_key, count - limit)]
