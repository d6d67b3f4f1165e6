"""The page cache stores only what is worth storing: no 404s, no copy per junk query
parameter (utm_*, fbclid, gclid, anything a page does not read), and a bounded number
of entries on every backend (locmem, file, a real Redis)."""

import pytest
from django.core.cache import caches
from django.test import Client

from masthead.core import pagecache

from .test_page_cache import _redis_available

pytestmark = pytest.mark.django_db

CAP = 40  # pages; each is two keys (its copy and its stamp)
REDIS_PREFIX = "masthead-h4-junk-test"
BACKENDS = {
    "locmem": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "junk",
        "OPTIONS": {"MAX_ENTRIES": 2 * CAP},
    },
    "file": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "OPTIONS": {"MAX_ENTRIES": 2 * CAP},
    },
    "redis": {
        "BACKEND": "masthead.core.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/14",
        "KEY_PREFIX": REDIS_PREFIX,
    },
}


def redis_keys(cache):
    client = cache._cache.get_client()
    return list(client.scan_iter(match=f"{REDIS_PREFIX}:*", count=1000))


def delete_redis_keys(cache):
    keys = redis_keys(cache)
    if keys:
        cache._cache.get_client(write=True).delete(*keys)


def size(cache, name):
    if name == "locmem":
        return len(cache._cache)
    if name == "file":
        return len(cache._list_cache_files())
    return len(redis_keys(cache))


@pytest.fixture(params=list(BACKENDS))
def junk_cache(request, settings, tmp_path):
    name = request.param
    if name == "redis" and not _redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    backend = dict(BACKENDS[name])
    if name == "file":
        backend["LOCATION"] = str(tmp_path / "pages")
    settings.CACHES = {**settings.CACHES, "pages": backend}
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_MAX_ENTRIES = CAP
    cache = caches["pages"]
    clean = (lambda: delete_redis_keys(cache)) if name == "redis" else cache.clear
    clean()  # only our own keys: other tests share this Redis
    yield name, cache
    clean()


def junk_urls(newsroom, n):
    """n addresses: tracking and made-up parameters on real pages, made-up pages, and
    page numbers (a parameter the section reads, so each is a real page to keep)."""
    home, article, section = "/", newsroom.articles[0].url, newsroom.sections[0].url
    for i in range(n):
        yield [
            f"{home}?utm_source=mail{i}&utm_campaign=c{i}",
            f"{home}?fbclid={i}",
            f"{article}?gclid={i}&x={i}",
            f"{article}?{i}={i}",
            f"{home}?utm_medium=social&ref={i}",
            f"{section}?page={i}&utm_source=rss",  # kept: a page number
            f"{article}?;{i}",
            f"{section}?sort={i}",
            f"{home}?mc_eid={i}&_ga={i}",
            f"{article}?utm_content={i}",
            f"{section}?fbclid={i}",
            f"/no-such-page-{i}/",  # a 404
            f"{home}?{'a' * (i % 50)}={i}",
            f"{article}?amp;page={i}",
            f"{home}?igshid={i}",
            f"{section}?PAGE={i}",
        ][i % 16]


def test_a_thousand_junk_urls_do_not_grow_the_cache_past_its_cap(newsroom, junk_cache):
    name, cache = junk_cache
    client = Client()
    before = size(cache, name)

    statuses = {client.get(url).status_code for url in junk_urls(newsroom, 1000)}

    assert statuses == {200, 404}
    grown = size(cache, name) - before
    assert grown <= 2 * CAP + 3, f"{name}: {grown} keys"  # + the version and index keys


def test_junk_parameters_share_the_plain_pages_entry(newsroom, junk_cache):
    _, _cache = junk_cache
    article = newsroom.articles[1].url
    plain = Client().get(article)
    assert plain["X-Cache"] == "MISS"

    for junk in ("?utm_source=news&utm_medium=email", "?fbclid=abc", "?gclid=1&zz=2", "?q=x"):
        response = Client().get(article + junk)
        assert response["X-Cache"] == "HIT", junk
        assert response["ETag"] == plain["ETag"] and response.content == plain.content


def test_a_page_renders_without_the_parameters_it_does_not_read(newsroom, junk_cache):
    section = newsroom.sections[0].url
    response = Client().get(section + "?utm_source=news&page=2")
    assert response.status_code == 200 and response["X-Cache"] == "MISS"
    assert b"utm_source" not in response.content  # nor in its page links
    assert Client().get(section + "?page=2")["X-Cache"] == "HIT"


def test_a_404_is_never_stored(newsroom, junk_cache):
    for _ in range(2):
        response = Client().get("/no-such-page/")
        assert response.status_code == 404
        assert "X-Cache" not in response


def test_the_key_keeps_what_each_path_reads(settings):
    query = pagecache.cache_query
    assert query("/", "utm_source=a&page=2&fbclid=b") == "page=2"
    assert query("/search/", "q=bridge&utm_source=a&section=3&page=2") == (
        "page=2&q=bridge&section=3"
    )
    assert query("/api/v1/articles/", "limit=5&page=2&cursor=abc") == "cursor=abc&limit=5"
    assert query("/", "page=2&page=1") == "page=1&page=2"  # order-free
