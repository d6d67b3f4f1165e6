"""Render benchmark: how long the home and article pages take to render, uncached,
with 1,000 and with 10,000 articles, and how many SQL queries each runs.

    .venv/bin/python bench/render.py            # what `make bench` runs
    .venv/bin/python bench/render.py --help

It builds its own database and never touches the developer's db.sqlite3 or media:
a temporary SQLite file (WAL, as in production's embedded mode), or, when
BENCH_DATABASE_URL is set, that PostgreSQL database, which it drops and recreates
(its name must contain "bench"). The archive is the demo newsroom grown with
`manage.py load_demo --articles N` when that command exists, otherwise a plain site
filled by the test suite's bulk helper (masthead.articles.tests.factories.bulk_articles).

Each figure is a Django test Client GET by an anonymous reader, with Django's cache
cleared before every request (so Wagtail's site lookup, settings and renditions are
fetched again) and image renditions already generated; the median and 95th percentile
of the timed requests are reported, after warm-up requests that are not timed.
"""

import argparse
import datetime
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
LOADERS = {
    "demo": "manage.py load_demo --articles N",
    "bulk": "bulk_articles() on a plain six-section site",
}
TOPICS = ["Energy", "Kharkiv", "Frontline", "Economy", "Elections", "Climate", "Culture"]
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="archive sizes to measure, in articles, comma-separated (default: 1000,10000)",
    )
    parser.add_argument(
        "--iterations", type=int, default=60, help="timed requests per page and size"
    )
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument(
        "--loader",
        choices=["auto", "demo", "bulk"],
        default="auto",
        help=(
            "build the archive with `manage.py load_demo --articles N` (demo), with the test"
            " suite's bulk helper (bulk), or with load_demo when it exists (auto, the default)"
        ),
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    return parser.parse_args()


def prepare_database():
    """Point Django at a database of our own before settings are read."""
    workdir = Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        name = urlsplit(url).path.lstrip("/")
        if "bench" not in name:
            sys.exit(f"BENCH_DATABASE_URL must name a database with 'bench' in it, not {name!r}")
        recreate_postgres_database(url, name)
        description = f"PostgreSQL database {name} (dropped and recreated)"
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        description = f"SQLite file {workdir / 'bench.sqlite3'} (WAL)"
    os.environ["DATABASE_URL"] = url
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return workdir, description


def recreate_postgres_database(url, name):
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def build_site():
    """Home, six sections, twelve authors with photos, a pool of 30 lead photos."""
    from masthead.articles.tests.factories import (
        AuthorPageFactory,
        AuthorsIndexPageFactory,
        SectionPageFactory,
    )
    from masthead.core.models import HeaderLink, NavigationSettings
    from masthead.images.tests.factories import ImageFactory
    from masthead.pages.tests.factories import make_home

    home = make_home()
    sections = [
        SectionPageFactory(parent=home, title=title, slug=title.lower().replace(" ", "-"))
        for title in ["War", "Analysis", "National", "Human Story", "Field Report", "Business"]
    ]
    index = AuthorsIndexPageFactory(parent=home)
    authors = [AuthorPageFactory(parent=index) for _ in range(12)]
    images = [ImageFactory(width=1600, height=1000) for _ in range(30)]
    nav = NavigationSettings.for_site(home.get_site())
    nav.header_links = [HeaderLink(page=s, sort_order=i) for i, s in enumerate(sections)]
    nav.save()
    return home, sections, authors, images


def add_articles(target, site, loader):
    """Grow the archive to `target` articles."""
    from django.core.management import call_command

    from masthead.articles.models import ArticlePage
    from masthead.articles.tests.factories import bulk_articles
    from masthead.pages.tests.factories import set_editors_picks

    have = ArticlePage.objects.count()
    if target <= have:
        return 0.0
    started = time.perf_counter()
    if loader == "demo":
        call_command("load_demo", articles=target, verbosity=0)
    else:
        home, sections, authors, images = site
        start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            minutes=7 * have
        )
        bulk_articles(
            target - have,
            sections,
            authors,
            images=images,
            tags=TOPICS,
            tags_per_article=2,
            start=start,
        )
        newest = ArticlePage.objects.live().order_by("-published_at")[:6]
        set_editors_picks(home.get_site(), list(newest))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def time_page(client, url, iterations, warmup):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        cache.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(iterations):
        cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    cache.clear()
    timed_queries = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed_queries.append({"time": time.perf_counter() - started, "sql": sql})

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        client.get(url)
    slowest = sorted(timed_queries, key=lambda q: q["time"], reverse=True)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": p95,
        "queries": len(captured.captured_queries),
        "bytes": len(response.content),
        "slowest_queries": [
            {"ms": round(q["time"] * 1000, 3), "sql": q["sql"]} for q in slowest[:3]
        ],
    }


def main():
    # WhiteNoise warns that STATIC_ROOT is empty: the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    workdir, db_description = prepare_database()
    began = time.perf_counter()
    try:
        import django

        django.setup()
        from django.core.management import call_command, get_commands
        from django.test import Client
        from wagtail.models import Site

        from masthead.articles.models import ArticlePage

        print(f"Masthead render benchmark — database: {db_description}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"  migrated in {time.perf_counter() - started:.1f} s")
        loader = args.loader
        if loader == "auto":
            loader = "demo" if "load_demo" in get_commands() else "bulk"
        elif loader == "demo" and "load_demo" not in get_commands():
            sys.exit("--loader demo: there is no `manage.py load_demo` command")
        site = build_site() if loader == "bulk" else None
        print(f"  archive built with {LOADERS[loader]}")
        rows = []
        article = None
        for size in sizes:
            seconds = add_articles(size, site, loader)
            count = ArticlePage.objects.live().count()
            print(f"  archive of {count:,} articles ready ({seconds:.1f} s to add them)")
            if article is None:
                # the same article at every size: the one in the middle of the first archive
                url_path = (
                    ArticlePage.objects.live()
                    .order_by("-published_at")
                    .values_list("url_path", flat=True)[count // 2]
                )
                home_path = Site.objects.get(is_default_site=True).root_page.url_path
                article = "/" + url_path[len(home_path) :]
            pages = {"home": "/", "article": article}
            # Leave the objects made while loading out of the garbage collector's full
            # sweeps, as a pre-forked server does after start-up (gc.freeze); otherwise
            # those sweeps land in the timings as 200 ms outliers.
            gc.collect()
            gc.freeze()
            client = Client()
            for name, url in pages.items():
                result = time_page(client, url, args.iterations, args.warmup)
                rows.append({"articles": count, "page": name, "url": url, **result})
                print(
                    f"  {name:8} {count:>7,} articles: median {result['median_ms']:.1f} ms,"
                    f" p95 {result['p95_ms']:.1f} ms, {result['queries']} queries"
                )
        report(rows, args, f"{db_description}, {LOADERS[loader]}", time.perf_counter() - began)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def report(rows, args, db_description, elapsed):
    import django
    import wagtail

    print()
    print("What was measured")
    print(
        f"  Django test Client GET as an anonymous reader, {args.iterations} timed requests per"
        f" page and size after {args.warmup} untimed ones;"
    )
    print(
        "  Django's cache cleared before every request (no page or site cache), image"
        " renditions already made;"
    )
    print("  loading garbage collected and frozen (gc.freeze) before timing;")
    print(
        "  the article is the same at every size: the middle one of the first archive"
        " (its related list is full)."
    )
    print(
        f"  Python {platform.python_version()}, Django {django.get_version()},"
        f" Wagtail {wagtail.__version__}, {db_description}, {os.cpu_count()} CPUs."
    )
    print()
    header = (
        f"| {'articles':>8} | {'page':<8} | {'median ms':>9} | {'p95 ms':>7} | {'queries':>7} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for row in rows:
        print(
            f"| {row['articles']:>8,} | {row['page']:<8} | {row['median_ms']:>9.1f} |"
            f" {row['p95_ms']:>7.1f} | {row['queries']:>7} |"
        )
    largest = max(row["articles"] for row in rows)
    print(f"\nSlowest queries at {largest:,} articles (one uncached request):")
    for row in rows:
        if row["articles"] == largest:
            for query in row["slowest_queries"][:2]:
                print(f"  {row['page']:8} {query['ms']:6.2f} ms  {query['sql'][:110]}…")
    print(f"\nwhole run: {elapsed:.0f} s")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "render.json").write_text(
        json.dumps({"database": db_description, "rows": rows}, indent=2) + "\n"
    )
    print(f"figures saved to {out / 'render.json'}")


if __name__ == "__main__":
    main()
