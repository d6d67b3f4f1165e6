"""The full-page cache: cacheable responses, nothing per-user stored, exact purges,
and no stampede (masthead/core/pagecache.py, masthead/articles/purge.py)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from masthead.core import pagecache
from masthead.users.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

CACHE_ON = {"PAGE_CACHE_ENABLED": True}


@pytest.fixture
def page_cache():
    caches["pages"].clear()
    with override_settings(**CACHE_ON):
        yield caches["pages"]
    caches["pages"].clear()


def get(url, client=None, **headers):
    return (client or Client()).get(url, headers=headers)


# --- what anonymous readers get ---------------------------------------------------


def test_anonymous_article_is_cacheable_with_validators(newsroom, page_cache):
    article = newsroom.articles[0]
    first = get(article.url)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    cache_control = first["Cache-Control"]
    for directive in ("public", "s-maxage=", "stale-while-revalidate=", "stale-if-error="):
        assert directive in cache_control
    assert first["ETag"].startswith('"')
    assert first["Last-Modified"].endswith("GMT")
    assert not first.cookies
    assert b"csrfmiddlewaretoken" not in first.content

    second = get(article.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


@pytest.mark.parametrize("url_name", ["home", "section", "author", "tag"])
def test_every_reading_page_is_cached(newsroom, page_cache, url_name):
    url = {
        "home": "/",
        "section": newsroom.sections[0].url,
        "author": newsroom.authors[0].url,
        "tag": "/topics/energy/",
    }[url_name]
    assert get(url)["X-Cache"] == "MISS"
    assert get(url)["X-Cache"] == "HIT"


def test_conditional_requests_get_304(newsroom, page_cache):
    url = newsroom.articles[1].url
    first = get(url)
    by_etag = get(url, **{"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = get(url, **{"If-Modified-Since": formatdate(time.time() + 5, usegmt=True)})
    assert by_date.status_code == 304
    changed = get(url, **{"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_query_strings_are_separate_entries(newsroom, page_cache):
    section = newsroom.sections[0].url
    assert get(section)["X-Cache"] == "MISS"
    assert get(section + "?page=2")["X-Cache"] == "MISS"
    assert get(section + "?page=2")["X-Cache"] == "HIT"


def test_head_requests_get_headers_only(newsroom, page_cache):
    url = newsroom.articles[2].url
    get(url)
    response = Client().head(url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Cache"] == "HIT"


# --- nothing per-user ------------------------------------------------------------


def test_a_signed_in_view_never_lands_in_the_shared_cache(newsroom, page_cache):
    editor = StaffFactory(groups=["Editors"], first_name="Iryna", last_name="Personal")
    client = Client()
    client.force_login(editor)
    article = newsroom.articles[3]

    personal = client.get(article.url)
    assert personal.status_code == 200
    assert b"/admin/pages/" in personal.content  # the Edit link, only for staff
    assert "private" in personal["Cache-Control"]
    assert "X-Cache" not in personal

    anonymous = get(article.url)
    assert anonymous["X-Cache"] == "MISS"
    assert b"/admin/pages/" not in anonymous.content
    # and what the anonymous reader cached is not what the editor is shown
    again = client.get(article.url)
    assert "X-Cache" not in again


def test_a_response_that_sets_a_cookie_is_not_stored(page_cache, settings):
    settings.ROOT_URLCONF = __name__
    first = get("/cookie/")
    assert first.status_code == 200
    assert first.cookies
    assert "private" in first["Cache-Control"]
    assert "X-Cache" not in first or first["X-Cache"] != "HIT"
    second = get("/cookie/")
    assert second.get("X-Cache") != "HIT"


def test_admin_is_never_cached(page_cache):
    response = get("/admin/login/")
    assert "X-Cache" not in response


# --- purges ------------------------------------------------------------------------


def test_a_published_edit_is_visible_on_the_next_request(
    newsroom, page_cache, django_capture_on_commit_callbacks
):
    article = newsroom.articles[4].specific
    pages = [
        article.url,
        "/",
        article.section.url,
        article.ordered_authors[0].url,
        f"/topics/{article.tags.first().slug}/",
    ]
    for url in pages:
        get(url)
        assert get(url)["X-Cache"] == "HIT"
    unrelated = newsroom.authors_index.url
    get(unrelated)

    article.title = "Ferry service resumes after a week of storms"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    for url in pages:
        response = get(url)
        assert response["X-Cache"] == "MISS", url
        assert b"Ferry service resumes" in response.content, url
    assert get(unrelated)["X-Cache"] == "HIT"


def test_unpublishing_purges_the_article(newsroom, page_cache, django_capture_on_commit_callbacks):
    article = newsroom.articles[5].specific
    assert get(article.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert get(article.url).status_code == 404


def test_moving_an_article_purges_old_and_new_sections(
    newsroom, page_cache, django_capture_on_commit_callbacks
):
    article = newsroom.articles[6].specific
    old_url, old_section = article.url, article.section
    new_section = next(s for s in newsroom.sections if s.pk != old_section.pk)
    for url in (old_url, old_section.url, new_section.url):
        get(url)
    with django_capture_on_commit_callbacks(execute=True):
        article.move(new_section, pos="last-child")
    old = get(old_url)
    # Wagtail leaves a redirect from the old address; either way the old copy is gone.
    assert old.status_code in (301, 404)
    assert old.status_code == 404 or old["Location"] == f"/{new_section.slug}/{article.slug}/"
    assert article.title.encode() not in get(old_section.url).content
    assert article.title.encode() in get(new_section.url).content


def test_editing_navigation_purges_everything(
    newsroom, page_cache, django_capture_on_commit_callbacks
):
    from masthead.core.models import NavigationSettings

    get("/")
    get(newsroom.articles[0].url)
    with django_capture_on_commit_callbacks(execute=True):
        NavigationSettings.for_site(newsroom.site).save()
    assert get("/")["X-Cache"] == "MISS"
    assert get(newsroom.articles[0].url)["X-Cache"] == "MISS"


def test_purge_paths_reaches_every_query_variant(newsroom, page_cache):
    section = newsroom.sections[1].url
    get(section)
    get(section + "?page=2")
    pagecache.purge([section])
    assert get(section)["X-Cache"] == "MISS"
    assert get(section + "?page=2")["X-Cache"] == "MISS"


@pytest.mark.parametrize("form", ["unicode", "percent-encoded"])
def test_a_purge_reaches_a_page_with_a_non_ascii_address(newsroom, page_cache, form):
    """Wagtail allows unicode slugs (an outlet writing in Ukrainian has them), and gives
    their URLs percent-encoded: a purge by that URL, or by its unicode form, reaches the
    copy the request stored and the fragments of its address."""
    from urllib.parse import unquote

    from masthead.core import fragments

    article = type(newsroom.articles[3].specific).objects.get(pk=newsroom.articles[3].pk)
    article.slug = "київ-без-світла"
    article.save_revision().publish()
    article.refresh_from_db()
    url = article.url
    assert "київ" in unquote(url)
    assert get(url).status_code == 200
    assert get(url)["X-Cache"] == "HIT"
    # FastPath, before Django, finds the copy too: the raw environ carries the path's
    # bytes as latin-1, and both name the copy by the decoded path.
    raw = unquote(url).encode().decode("latin-1")

    def django_app(environ, start_response):
        raise AssertionError("a fresh hit must not reach Django")

    statuses = []
    pagecache.FastPath(django_app)(_environ(raw), lambda s, h, e=None: statuses.append(s))
    assert statuses == ["200 OK"]
    tag = fragments.path_tag(unquote(url))  # as the request's path gives it
    before = fragments._read_tags([tag])
    pagecache.purge_paths([unquote(url) if form == "unicode" else url])
    assert get(url)["X-Cache"] == "MISS"
    assert fragments._read_tags([tag]) != before


# --- no stampede -------------------------------------------------------------------

RENDERS = {"count": 0}
RENDER_LOCK = threading.Lock()


def slow_view(request):
    with RENDER_LOCK:
        RENDERS["count"] += 1
    time.sleep(0.3)  # a slow render, so the burst arrives while it runs
    return HttpResponse(f"<p>rendered {RENDERS['count']}</p>")


def cookie_view(request):
    response = HttpResponse("<p>a cookie for you</p>")
    response.set_cookie("flavour", "oat")
    return response


urlpatterns = [path("slow/", slow_view), path("cookie/", cookie_view)]


def _redis_available():
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=0.5).ping()
        return True
    except Exception:
        return False


BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stampede"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": "masthead-stampede-test",
    },
}


@pytest.fixture(params=["locmem", "redis"])
def stampede_cache(request, settings):
    if request.param == "redis" and not _redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {**settings.CACHES, "pages": BACKENDS[request.param]}
    settings.PAGE_CACHE_ENABLED = True
    settings.ROOT_URLCONF = __name__
    caches["pages"].clear()
    RENDERS["count"] = 0
    yield caches["pages"]
    caches["pages"].clear()


def burst(url, n=500):
    def one(_):
        return Client().get(url)

    with ThreadPoolExecutor(max_workers=100) as pool:
        return list(pool.map(one, range(n)))


def test_a_burst_on_an_expired_page_renders_once(stampede_cache):
    first = Client().get("/slow/")
    assert first.status_code == 200
    assert RENDERS["count"] == 1
    # Age the entry past its lifetime, as if s-maxage had run out.
    key = next(k for k in _entry_keys(stampede_cache))
    entry = stampede_cache.get(key)
    entry.fresh_until = time.time() - 1
    stampede_cache.set(key, entry, timeout=3600)

    responses = burst("/slow/")
    assert all(r.status_code == 200 for r in responses)
    assert RENDERS["count"] == 2  # the first render plus exactly one re-render
    states = {r["X-Cache"] for r in responses}
    assert "STALE" in states and "EXPIRED" in states


def test_a_burst_on_a_cold_page_renders_once(stampede_cache):
    responses = burst("/slow/")
    assert all(r.status_code == 200 for r in responses)
    assert RENDERS["count"] == 1
    assert len({r.content for r in responses}) == 1


def _entry_keys(cache):
    """The one entry key the slow page was stored under."""
    key, _, _ = pagecache.keys_for(_environ("/slow/"))
    yield key


# --- the WSGI fast path (config/wsgi.py) -------------------------------------------


def _environ(path, **extra):
    from wsgiref.util import setup_testing_defaults

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "testserver", **extra}
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "testserver"
    return environ


def test_fast_path_answers_fresh_hits_without_django(newsroom, page_cache):
    url = newsroom.articles[7].url
    stored = get(url)

    def django_app(environ, start_response):
        raise AssertionError("a fresh hit must not reach Django")

    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(pagecache.FastPath(django_app)(_environ(url), start_response))
    assert captured["status"] == "200 OK"
    assert body == stored.content
    assert captured["headers"]["X-Cache"] == "HIT"
    assert captured["headers"]["ETag"] == stored["ETag"]
    assert "s-maxage=" in captured["headers"]["Cache-Control"]
    assert captured["headers"]["X-Content-Type-Options"] == "nosniff"

    pagecache.FastPath(django_app)(_environ(url, HTTP_IF_NONE_MATCH=stored["ETag"]), start_response)
    assert captured["status"] == "304 Not Modified"


def test_fast_path_passes_staff_and_purged_requests_to_django(newsroom, page_cache):
    url = newsroom.articles[8].url
    get(url)
    calls = []

    def django_app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"from django"]

    fast = pagecache.FastPath(django_app)
    fast(_environ(url, HTTP_COOKIE="theme=dark; mh_staff=1"), lambda *a: None)
    pagecache.purge([url])
    fast(_environ(url), lambda *a: None)
    fast(_environ(url, REQUEST_METHOD="POST"), lambda *a: None)
    assert calls == [url, url, url]
    # a signed-in reader's session cookie alone is answered here (core/reader.py)
    get(url)
    fast(_environ(url, HTTP_COOKIE="sessionid=abc"), lambda *a: None)
    assert calls == [url, url, url]


def test_readers_who_accept_gzip_get_the_compressed_copy(newsroom, page_cache):
    import gzip

    url = newsroom.articles[9].url
    plain = get(url)
    assert plain["Vary"] == "Accept-Encoding"
    assert "Content-Encoding" not in plain
    packed = get(url, **{"Accept-Encoding": "gzip, br"})
    assert packed["X-Cache"] == "HIT"
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] != plain["ETag"]
    assert (
        get(url, **{"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]}).status_code == 304
    )
    assert get(url, **{"If-None-Match": packed["ETag"]}).status_code == 200
