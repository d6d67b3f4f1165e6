"""Django's Redis cache backend, minus a client object per call.

django.core.cache.backends.redis builds a new `redis.Redis` for every cache operation,
and each one fills a table of some 170 response callbacks: about a fifth of a millisecond
of CPU per call, several times per request (the page cache's version reads, fragments).
A `redis.Redis` is safe to share between threads, so this backend keeps one per
connection pool. Use it as CACHES[...]["BACKEND"] = "masthead.core.redis_cache.RedisCache".
"""

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
