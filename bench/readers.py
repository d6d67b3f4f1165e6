"""Signed-in readers benchmark: article requests per second for an anonymous reader and
for a signed-in one, through the deployed WSGI stack (pagecache.FastPath in front of
Django, as config/wsgi.py), and the per-reader endpoint's rate; then the SQL queries of
a warm article's next render after a news-feed post and after another article's edit.

    .venv/bin/python bench/readers.py            # what `make bench` runs
    .venv/bin/python bench/readers.py --seconds 5

It builds its own temporary SQLite database (render.py's helpers: a site with six
sections and 300 articles) and uses in-process caches (LocMem), so it measures Masthead's
code, not a network: one thread, requests made back to back, each a fresh WSGI environ
with the reader's cookies. A signed-in reader is served the anonymous reader's cached page
(core/reader.py); before #13 every signed-in request was a full render.
"""

import argparse
import io
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per row")
    parser.add_argument("--articles", type=int, default=300, help="archive size")
    return parser.parse_args()


def environ(path, cookie="", query=""):
    from wsgiref.util import setup_testing_defaults

    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(),
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    setup_testing_defaults(env)
    env["HTTP_HOST"] = "testserver"
    return env


def rate(app, path, seconds, cookie="", query=""):
    """(requests per second, share answered from the cache, status codes seen)."""
    seen = {"hit": 0, "n": 0, "status": set()}

    def start_response(status, headers, exc_info=None):
        seen["status"].add(status.split()[0])
        if any(name == "X-Cache" and value.startswith("HIT") for name, value in headers):
            seen["hit"] += 1

    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        result = app(environ(path, cookie, query), start_response)
        b"".join(result)
        if hasattr(result, "close"):
            result.close()
        seen["n"] += 1
    elapsed = time.perf_counter() - started
    return seen["n"] / elapsed, seen["hit"] / max(seen["n"], 1), sorted(seen["status"])


def queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def main():
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    args = parse_args()
    import render

    workdir, description = render.prepare_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    from masthead.api.cors import fastpath_headers
    from masthead.articles.models import ArticlePage
    from masthead.core.pagecache import FastPath
    from masthead.livefeed.tests.factories import make_live_page, post
    from masthead.users.models import User

    print(f"Masthead signed-in readers benchmark — database: {description}")
    call_command("migrate", verbosity=0)
    site = render.build_site()
    render.add_articles(args.articles, site, "bulk")
    home = site[0]
    make_live_page(home)
    post("Power restored on the east bank", minutes_ago=5)
    articles = list(ArticlePage.objects.live().order_by("-published_at")[:40])
    article = articles[10].url
    reader = User.objects.create_user("reader@example.org", "a-long-passphrase")
    client = Client()
    client.force_login(reader)
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    with override_settings(PAGE_CACHE_ENABLED=True, ALLOWED_HOSTS=["*"]):
        app = FastPath(WSGIHandler(), extra_headers=fastpath_headers)
        rate(app, article, 0.5)  # warm: rendered once, stored
        rows = [
            ("article, anonymous reader", rate(app, article, args.seconds)),
            ("article, signed-in reader", rate(app, article, args.seconds, cookie=session)),
            (
                "article, staff marker (fresh render)",
                rate(app, article, args.seconds, cookie="mh_staff=1"),
            ),
            (
                "/_/reader.json, signed-in reader",
                rate(app, "/_/reader.json", args.seconds, session, f"path={article}"),
            ),
            (
                "/_/reader.json, anonymous reader",
                rate(app, "/_/reader.json", args.seconds, "", f"path={article}"),
            ),
        ]

    print()
    print(f"Requests per second, one thread, {args.seconds:g} s per row ({args.articles} articles)")
    print("| request | req/s | from the page cache | status |")
    print("|---|---:|---:|---|")
    for label, (per_second, hits, statuses) in rows:
        print(f"| {label} | {per_second:,.0f} | {hits:.0%} | {','.join(statuses)} |")

    # Invalidation by what changed: a warm article's next render (page cache off).
    anonymous = Client()
    other = articles[3]
    edited = next(a for a in articles if a.section_id != other.section_id)
    for _ in range(2):
        anonymous.get(other.url)
    post("Ferries resume after the storm")
    after_post = queries_of(anonymous, other.url)
    queries_of(anonymous, other.url)
    edited.title = f"{edited.title} (updated {timezone.now():%H:%M})"
    edited.save_revision().publish()
    after_edit = queries_of(anonymous, other.url)
    warm = queries_of(anonymous, other.url)
    print()
    print("SQL queries of a warm article's next render (fragments on, page cache off)")
    print(f"  after a news-feed post:                       {after_post}")
    print(f"  after an edit of an article in another section: {after_edit}")
    print(f"  warm:                                         {warm}")
    print(f"\n(temporary files in {workdir})")


if __name__ == "__main__":
    main()
