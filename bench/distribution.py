"""Distribution benchmark: how long the sitemap index, every sitemap page, the Google News
sitemap, robots.txt and the site feeds take to generate with a 100,000-article archive.

    .venv/bin/python bench/distribution.py                  # what `make bench` runs
    .venv/bin/python bench/distribution.py --articles 20000 # a quicker run
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/masthead_dist_bench \\
        .venv/bin/python bench/distribution.py              # on PostgreSQL

Like bench/render.py it builds its own database and never touches the developer's
db.sqlite3 or media: a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL (its name must contain "bench"; it is dropped and recreated). The
archive is the demo newsroom grown with `manage.py load_demo --articles N`.

Each figure is a Django test Client GET by an anonymous reader with the page cache off
and Django's cache cleared before every request, so every one is a full generation; the
median and the slowest of the timed requests are reported, after one untimed warm-up
(which makes the feed's image renditions). The target: under 1 s for the index and for
any one sitemap page.
"""

import argparse
import gc
import json
import os
import shutil
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MS = 1000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=int, default=100_000, help="archive size (default: 100000)"
    )
    parser.add_argument("--iterations", type=int, default=5, help="timed requests per URL")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    return parser.parse_args()


def time_url(client, url, iterations):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(iterations):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {
        "url": url,
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "queries": len(captured.captured_queries),
        "bytes": len(response.content),
    }


def build_demo_archive(articles):
    """Migrate, grow the demo newsroom to `articles` articles and refresh the planner's
    statistics; return the seconds it took. Needs Django set up."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", articles=articles, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def main():
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    args = parse_args()
    from render import prepare_database

    workdir, db_description = prepare_database()
    began = time.perf_counter()
    try:
        import django

        django.setup()
        import xml.etree.ElementTree as ET

        from django.test import Client

        from masthead.articles.models import ArticlePage

        print(f"Masthead distribution benchmark — database: {db_description}")
        seconds = build_demo_archive(args.articles)
        count = ArticlePage.objects.live().count()
        print(f"  {count:,} articles built in {seconds:.0f} s")

        gc.collect()
        gc.freeze()
        client = Client()
        rows = [time_url(client, "/sitemap.xml", args.iterations)]
        index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own
        ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        for loc in index.findall("sm:sitemap/sm:loc", ns):
            path = "/" + loc.text.split("/", 3)[3]
            rows.append(time_url(client, path, args.iterations))
        for url in ["/news-sitemap.xml", "/robots.txt", "/feeds/rss.xml", "/feeds/atom.xml"]:
            rows.append(time_url(client, url, args.iterations))
        rows.append(time_url(client, "/feeds/feed.json", args.iterations))
        report(rows, count, db_description, args, time.perf_counter() - began)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def report(rows, count, db_description, args, elapsed):
    import django
    import wagtail

    print()
    print(
        f"Anonymous GET through the Django test Client, page cache off, Django's cache cleared"
        f" before each of {args.iterations} timed requests per URL (after one warm-up);"
    )
    print(
        f"{count:,} articles; Python {sys.version.split()[0]}, Django {django.get_version()},"
        f" Wagtail {wagtail.__version__}, {db_description}, {os.cpu_count()} CPUs."
    )
    print()
    header = f"| {'url':<28} | {'median ms':>9} | {'max ms':>7} | {'queries':>7} | {'KiB':>6} |"
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for row in rows:
        print(
            f"| {row['url']:<28} | {row['median_ms']:>9.1f} | {row['max_ms']:>7.1f} |"
            f" {row['queries']:>7} | {row['bytes'] / 1024:>6.0f} |"
        )
    sitemaps = [row for row in rows if "sitemap" in row["url"]]
    slowest = max(sitemaps, key=lambda row: row["max_ms"])
    verdict = "within" if slowest["max_ms"] < TARGET_MS else "OVER"
    print(
        f"\nslowest sitemap: {slowest['url']} at {slowest['max_ms']:.0f} ms —"
        f" {verdict} the {TARGET_MS} ms target"
    )
    print(f"whole run: {elapsed:.0f} s")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "distribution.json").write_text(
        json.dumps({"database": db_description, "articles": count, "rows": rows}, indent=2) + "\n"
    )
    print(f"figures saved to {out / 'distribution.json'}")


if __name__ == "__main__":
    main()
