"""Content API benchmark: how long the article list takes on its first page and far down
the archive (through a cursor), with filters and `updated_since`, and the detail, tags and
authors, with a 100,000-article archive.

    .venv/bin/python bench/content_api.py                  # what `make bench` would run
    .venv/bin/python bench/content_api.py --articles 20000 # a quicker run
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/masthead_capi_bench \\
        .venv/bin/python bench/content_api.py              # on PostgreSQL

It builds its own database like bench/distribution.py (whose timing and report it
shares): every figure is an anonymous GET through the Django test Client with the page
cache off and Django's cache cleared first, so each is a full render. A keyset cursor
should make the deepest page cost what the first one does.
"""

import gc
import shutil
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    from distribution import build_demo_archive, parse_args, time_url
    from render import prepare_database

    args = parse_args()
    workdir, db_description = prepare_database()
    began = time.perf_counter()
    try:
        import django

        django.setup()
        from django.test import Client

        from masthead.api.content import CHANGED_SINCE, NEWEST_FIRST
        from masthead.articles import queries
        from masthead.articles.models import SectionPage

        print(f"Masthead Content API benchmark — database: {db_description}")
        seconds = build_demo_archive(args.articles)
        count = queries.published().count()
        print(f"  {count:,} articles built in {seconds:.0f} s")

        # Cursors pointing nine tenths of the way down each ordering.
        deep = count * 9 // 10
        newest = NEWEST_FIRST.order(queries.published())[deep]
        changed = CHANGED_SINCE.order(queries.published())[deep]
        oldest = queries.published().order_by("published_at").first()
        section = SectionPage.objects.live().first()
        since = oldest.published_at.isoformat().replace("+", "%2B")
        urls = [
            "/api/v1/articles/",
            "/api/v1/articles/?limit=100",
            f"/api/v1/articles/?limit=100&cursor={NEWEST_FIRST.encode(newest)}",
            f"/api/v1/articles/?section={section.slug}&limit=100",
            f"/api/v1/articles/?updated_since={since}&limit=100",
            f"/api/v1/articles/?updated_since={since}&limit=100"
            f"&cursor={CHANGED_SINCE.encode(changed)}",
            f"/api/v1/articles/{oldest.pk}/",
            "/api/v1/tags/?limit=100",
            "/api/v1/authors/?limit=100",
        ]
        gc.collect()
        gc.freeze()
        client = Client()
        rows = [time_url(client, url, args.iterations) for url in urls]
        report(rows, count, db_description, args.iterations, time.perf_counter() - began)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def report(rows, count, db_description, iterations, elapsed):
    import django

    print(
        f"\nAnonymous GET through the Django test Client, page cache off, Django's cache"
        f" cleared before each of {iterations} timed requests per URL (after one warm-up);"
        f" {count:,} articles; Django {django.get_version()}, {db_description}.\n"
    )
    print("| url (cursors elided) | median ms | max ms | queries | KiB |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        url = row["url"].split("&cursor=")[0] + (
            "&cursor=…(90%)" if "cursor=" in row["url"] else ""
        )
        print(
            f"| {url} | {row['median_ms']:.1f} | {row['max_ms']:.1f} | {row['queries']} |"
            f" {row['bytes'] / 1024:.0f} |"
        )
    print(f"\nwhole run: {elapsed:.0f} s")


if __name__ == "__main__":
    main()
