from urllib.parse import urlencode

import pytest
from django.core.cache import cache

from masthead.analytics import buffer, hits, salt, scheduling

REDIS_TEST_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture(autouse=True)
def analytics_buffer(settings, tmp_path):
    """Each test buffers into its own directory, on the file buffer unless it asks for
    Redis; salts, the bot cache and the flush chain start afresh."""
    settings.ANALYTICS_BUFFER_DIR = str(tmp_path / "analytics")
    settings.ANALYTICS_REDIS_URL = ""
    settings.REDIS_URL = ""
    settings.ANALYTICS_NGINX_LOG_DIR = ""
    settings.ANALYTICS_SEGMENT_SECONDS = 5
    buffer._state.clear()
    salt._memo.clear()
    scheduling._next_check[0] = 0.0
    cache.clear()
    yield tmp_path / "analytics"
    buffer._state.clear()
    salt._memo.clear()


@pytest.fixture
def redis_buffer(settings):
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = "h18-test:an:"
    settings.ANALYTICS_REDIS_URL = REDIS_TEST_URL
    settings.ANALYTICS_REDIS_PREFIX = prefix

    def clean():
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)

    clean()
    buffer._state.clear()
    yield buffer.current()
    clean()
    buffer._state.clear()


BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def beacon(client, article, ua=BROWSER, ip="203.0.113.7", headers=None, **params):
    """POST one view beacon as beacon.js sends it (an empty POST, the data in the query
    string) and return the response."""
    data = {"a": str(article.pk if hasattr(article, "pk") else article), **params}
    return client.post(
        "/_/hit?" + urlencode(data),
        "",
        content_type="text/plain",
        headers={"User-Agent": ua, **(headers or {})},
        REMOTE_ADDR=ip,
    )


def clear_bot_cache():
    hits.is_bot.cache_clear()
