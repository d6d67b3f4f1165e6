"""Anonymous pages as files for nginx (masthead/core/pagefiles.py): written with the page,
gone before a purge returns, never for staff, query strings or odd paths, swept by age and
number. test_nginx_page_files.py serves them through the real nginx."""

import gzip
import os
import threading
import time
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from masthead.core import pagecache, pagefiles
from masthead.users.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_FILES_ROOT = str(tmp_path / "pages")
    caches["pages"].clear()
    yield tmp_path / "pages"
    caches["pages"].clear()


def page_file(url, host="testserver", scheme="http"):
    return pagefiles.page_dir(scheme, host, url) / pagefiles.FILE_NAME


def test_a_stored_page_is_written_as_html_gzip_and_brotli(newsroom, files):
    article = newsroom.articles[0].url
    response = Client().get(article)
    assert response["X-Cache"] == "MISS"
    html = page_file(article)
    # the page's headers are exactly those nginx adds to its file (else it is not written)
    assert html.read_bytes() == response.content
    assert gzip.decompress(html.with_name(".page.html.gz").read_bytes()) == response.content
    import brotli

    assert brotli.decompress(html.with_name(".page.html.br").read_bytes()) == response.content
    assert oct(html.stat().st_mode & 0o777) == "0o644"
    assert not [p for p in html.parent.iterdir() if p.name.startswith(".tmp-")]
    # home too, at the root of its host's tree
    Client().get("/")
    assert page_file("/").exists()


def test_a_purged_page_file_is_gone_before_the_purge_returns(newsroom, files):
    article, section = newsroom.articles[1].url, newsroom.sections[0].url
    client = Client()
    client.get(article)
    client.get(section)
    assert page_file(article).exists() and page_file(section).exists()
    pagecache.purge([article])
    assert not page_file(article).exists()
    assert not page_file(article).with_name(".page.html.gz").exists()
    assert not page_file(article).with_name(".page.html.br").exists()
    assert page_file(section).exists()  # exact: only the purged paths
    # the next reader gets a fresh render, written again
    assert client.get(article)["X-Cache"] == "MISS"
    assert page_file(article).exists()
    pagecache.purge_everything()
    assert not page_file(article).exists() and not page_file(section).exists()
    assert not any(p.name.startswith(".trash-") for p in files.iterdir())


def test_only_the_canonical_address_creates_a_file(newsroom, files):
    section = newsroom.sections[1].url
    client = Client()
    for query in ("?page=2", "?page=2&utm_source=x", "?before=9"):
        client.get(section + query)
    assert not files.exists() or not any(files.rglob(pagefiles.FILE_NAME))
    # Junk parameters are dropped before the page renders: the copy is the canonical
    # page's, so it writes that page's file and no other.
    junk = client.get(section + "?utm_source=x&fbclid=1&junk=2")
    assert [p.parent for p in files.rglob(pagefiles.FILE_NAME)] == [page_file(section).parent]
    assert page_file(section).read_bytes() == junk.content == client.get(section).content
    assert b"utm_source" not in junk.content


def test_a_staff_session_never_writes_a_file(newsroom, files):
    editor = StaffFactory(groups=["Editors"])
    client = Client()
    client.force_login(editor)
    response = client.get(newsroom.articles[2].url)
    assert b"/admin/pages/" in response.content
    assert not files.exists() or not any(files.rglob(pagefiles.FILE_NAME))


@pytest.mark.parametrize(
    "path",
    [
        "/../etc/",
        "/a/../b/",
        "/.hidden/",
        "//double/",
        "/a//b/",
        "/back\\slash/",
        "/nul\x00/",
        "/no-trailing-slash",
        "relative/",
        "/" + "x" * 201 + "/",
        "/" + "a/" * 13,
        "/" + ("y" * 150 + "/") * 7,
        "/snowman-\u2603/",  # not a WSGI path: WSGI gives bytes as latin-1
    ],
)
def test_odd_paths_never_become_files(path):
    assert pagefiles.relative_dir(path) is None


def test_plain_and_unicode_paths_map_under_the_host():
    assert pagefiles.relative_dir("/") == ""
    assert pagefiles.relative_dir("/war/a-story/") == "war/a-story"
    wsgi = "/війна/".encode().decode("latin-1")  # what the server hands Django
    assert pagefiles.relative_dir(wsgi) == "війна"
    for host in ("../x", "a/b", "[::1]", "", "a..b", "-bad"):
        assert pagefiles.host_dir(host) is None
    assert pagefiles.host_dir("News.Example.org:8443") == "news.example.org"


def test_unicode_paths_purge_from_their_url(files):
    entry = make_entry(b"<p>x</p>" * 100)
    wsgi = "/війна/".encode().decode("latin-1")
    assert pagefiles.write("https", "example.org", wsgi, entry)
    target = pagefiles.page_dir("https", "example.org", wsgi) / pagefiles.FILE_NAME
    assert target.exists()
    pagefiles.delete_paths(["/%D0%B2%D1%96%D0%B9%D0%BD%D0%B0/"])
    assert not target.exists()
    assert pagefiles.write("https", "example.org", wsgi, entry)
    pagefiles.delete_paths(["https://example.org/війна/"])
    assert not target.exists()


def make_entry(content, headers=None):
    if headers is None:
        headers = [("Content-Type", "text/html; charset=utf-8")] + [
            (name, value)
            for name, value in pagefiles.file_headers("https")
            if name != "Cache-Control"
        ]
    return SimpleNamespace(status=200, headers=headers, content=content, gzipped=None)


def test_a_page_with_headers_of_its_own_is_not_written(files, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    own = make_entry(b"<p>x</p>")
    own.headers.append(("Link", "</x>; rel=preload"))
    assert not pagefiles.write("https", "example.org", "/own/", own)
    feed = make_entry(b"<rss/>")
    feed.headers[0] = ("Content-Type", "application/rss+xml; charset=utf-8")
    assert not pagefiles.write("https", "example.org", "/feed/", feed)
    # http requests get no HSTS from the app, so an https-shaped page is not theirs
    assert not pagefiles.write("http", "example.org", "/plain/", make_entry(b"<p>x</p>"))
    assert pagefiles.write("https", "example.org", "/plain/", make_entry(b"<p>x</p>"))


def test_changed_headers_write_to_another_tree(files, settings):
    before = pagefiles.tree()
    settings.SECURE_REFERRER_POLICY = "no-referrer"
    assert pagefiles.tree() != before
    assert pagefiles.tree() in pagefiles.nginx_location_conf()
    assert '"no-referrer"' in pagefiles.nginx_location_conf()


def test_sweep_removes_old_pages_then_the_oldest_over_the_cap(files):
    entry = make_entry(b"<p>page</p>" * 100)
    now = time.time()
    for age, name in ((1000, "old"), (30, "older"), (20, "mid"), (10, "new")):
        assert pagefiles.write("https", "example.org", f"/{name}/", entry)
        target = pagefiles.page_dir("https", "example.org", f"/{name}/") / pagefiles.FILE_NAME
        os.utime(target, (now - age, now - age))
    leftover = files / pagefiles.tree() / ".tmp-crashed"
    leftover.write_bytes(b"half")
    os.utime(leftover, (now - 120, now - 120))
    assert pagefiles.sweep(max_age=300, max_pages=10, dry_run=True) == (3, 1)
    assert pagefiles.sweep(max_age=300, max_pages=2) == (2, 2)
    remaining = sorted(p.parent.name for p in files.rglob(pagefiles.FILE_NAME))
    assert remaining == ["mid", "new"]
    assert not leftover.exists()


def test_the_generated_nginx_includes_send_every_per_reader_prefix_to_the_app(files, settings):
    location = pagefiles.nginx_location_conf()
    for prefix in settings.PAGE_CACHE_EXCLUDE:
        assert f'location ^~ "{prefix}" {{ return 418; }}' in location
    assert "error_page 418 = @app;" in location
    assert "Content-Security-Policy" in location and "Cache-Control" in location
    conf = pagefiles.nginx_http_conf()
    # one exact-string map keyed by the method, the staff marker's value and the query
    assert '"$request_method$cookie_mh_staff$args"' in conf
    assert 'GET ".page.html";' in conf and 'HEAD ".page.html";' in conf and "~" not in conf
    assert "$masthead_file_hsts" not in conf + location  # no HSTS set: no header to make
    settings.SECURE_HSTS_SECONDS = 3600
    assert "https " in pagefiles.nginx_http_conf()
    assert "Strict-Transport-Security $masthead_file_hsts" in pagefiles.nginx_location_conf()


# --- a purge that lands while the page renders --------------------------------------

RACE = {}


def racing_view(request):
    # The page is rendered from old data, then a publish purges it before it is stored.
    if RACE.get("purge"):
        pagecache.purge_paths(["/race/"])
    return HttpResponse("<p>old edition</p>" * 50)


def slow_view(request):
    with RACE["lock"]:
        RACE["renders"] += 1
    time.sleep(0.3)
    return HttpResponse("<p>slow</p>" * 50)


urlpatterns = [path("race/", racing_view), path("slow/", slow_view)]


def test_a_render_that_raced_a_purge_leaves_no_file(files, settings):
    settings.ROOT_URLCONF = __name__
    RACE["purge"] = True
    Client().get("/race/")
    assert not page_file("/race/").exists()
    RACE["purge"] = False
    Client().get("/race/")
    assert page_file("/race/").exists()


def test_a_burst_on_a_cold_page_renders_and_writes_once(files, settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    RACE.update(lock=threading.Lock(), renders=0)
    writes = []
    real_write = pagefiles.write
    monkeypatch.setattr(pagefiles, "write", lambda *a: writes.append(a) or real_write(*a))
    threads = [threading.Thread(target=Client().get, args=("/slow/",)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert RACE["renders"] == 1
    assert len(writes) == 1
    assert page_file("/slow/").exists()


def test_the_commands_write_the_includes_and_sweep(files, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("page_files_nginx", str(tmp_path / "conf"), stdout=out)
    assert (tmp_path / "conf" / "pagefiles-http.conf").read_text() == pagefiles.nginx_http_conf()
    assert pagefiles.tree() in out.getvalue()
    assert pagefiles.write("https", "example.org", "/old/", make_entry(b"<p>x</p>" * 100))
    target = pagefiles.page_dir("https", "example.org", "/old/") / pagefiles.FILE_NAME
    os.utime(target, (time.time() - 4000, time.time() - 4000))
    call_command("sweep_page_files", "--dry-run", stdout=out)
    assert target.exists() and "would remove 1 page(s)" in out.getvalue()
    call_command("sweep_page_files", stdout=out)
    assert not target.exists()
