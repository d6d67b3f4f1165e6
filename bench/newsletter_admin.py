"""Newsletter subscribers admin at 1M subscribers on PostgreSQL.

    .venv/bin/python bench/newsletter_admin.py                 # what `make bench` runs
    .venv/bin/python bench/newsletter_admin.py --rebuild       # build the database again
    .venv/bin/python bench/newsletter_admin.py --subscribers 100000   # a quicker run

The database is BENCH_NEWSLETTERS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/masthead_newsletters_bench; its name must contain
"bench"). It is built once (migrations, then N subscribers inserted in SQL over two
years, each on one to three of four lists, 8 % pending and 10 % unsubscribed) and
reused while it holds N subscribers.

Timed through the Django test Client as a superuser, after one warm-up, --iterations
times each (every round printed, then p50 and max): the subscribers list's first page
with no filter, with a list + state filter, with a search for part of an address, and
with both; and the charts page. Target (issue #15): the list's first page <= 300 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from members import prepare_database  # noqa: E402 - the same bench database set-up

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/masthead_newsletters_bench"
TARGET_MS = 300
LIST_URL = "/admin/snippets/newsletters/subscriber/"

SUBSCRIBERS_SQL = """
INSERT INTO newsletters_subscriber (email, name, created_at, confirmations_sent)
SELECT 'reader' || lpad(n::text, 7, '0') || '@' || (ARRAY['mail.example', 'post.example',
       'inbox.example'])[1 + n %% 3], '', now() - (n %% 730) * interval '1 day', 0
FROM generate_series(1, %(n)s) AS n
"""

SUBSCRIPTIONS_SQL = """
INSERT INTO newsletters_subscription (subscriber_id, newsletter_id, status, created_at,
  confirmed_at, unsubscribed_at, consent_source, attribution)
SELECT s.id, l.id,
  CASE WHEN s.id % 12 = 0 THEN 'pending' WHEN s.id % 10 = 0 THEN 'unsubscribed'
       ELSE 'confirmed' END,
  s.created_at,
  CASE WHEN s.id % 12 = 0 THEN NULL ELSE s.created_at + interval '5 minutes' END,
  CASE WHEN s.id % 12 <> 0 AND s.id % 10 = 0 THEN s.created_at + interval '30 days' END,
  'bench', ''
FROM newsletters_subscriber s
JOIN newsletters_newsletter l ON (s.id + l.sort_order) % 4 < 1 + s.id % 3
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def build(subscribers):
    from django.core.management import call_command
    from django.db import connection

    from masthead.newsletters.models import Newsletter, Subscriber, Subscription

    call_command("migrate", verbosity=0)
    if Subscriber.objects.count() >= subscribers and Subscription.objects.exists():
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE newsletters_subscriber CASCADE")
    for order, name in enumerate(("Morning Briefing", "The Long Read", "Field Notes", "Weekend")):
        Newsletter.objects.get_or_create(
            slug=f"bench-{order}",
            defaults={
                "name": name,
                "sort_order": order,
                "sender_name": "Bench",
                "sender_email": "bench@example.org",
            },
        )
    with connection.cursor() as cursor:
        cursor.execute(SUBSCRIBERS_SQL, {"n": subscribers})
        cursor.execute(SUBSCRIPTIONS_SQL)
        cursor.execute("ANALYZE newsletters_subscriber; ANALYZE newsletters_subscription")
    print(f"built {subscribers:,} subscribers in {time.monotonic() - started:.0f} s", flush=True)


def main():
    args = parse_args()
    url = os.environ.get("BENCH_NEWSLETTERS_DATABASE_URL", DEFAULT_URL)
    prepare_database(url, args.rebuild)
    import django

    django.setup()
    build(args.subscribers)

    from django.test import Client

    from masthead.newsletters.models import Newsletter, Subscription
    from masthead.users.models import User

    admin, _ = User.objects.get_or_create(
        email="bench-admin@bench.invalid", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(admin)
    letter = Newsletter.objects.get(slug="bench-1").pk
    print(
        f"{Subscription.objects.count():,} subscriptions of "
        f"{args.subscribers:,} subscribers on 4 lists",
        flush=True,
    )
    cases = [
        ("first page, no filter", LIST_URL, {}),
        ("filter: list + confirmed", LIST_URL, {"newsletter": letter, "status": "confirmed"}),
        ("filter: pending", LIST_URL, {"status": "pending"}),
        ("search: part of an address", LIST_URL, {"q": "der01234"}),
        ("search + filter", LIST_URL, {"q": "0123", "newsletter": letter, "status": "confirmed"}),
        ("page 50, no filter", LIST_URL, {"p": 50}),
        ("charts (26 weeks × 4 lists)", "/admin/newsletters/subscribers/charts/", {}),
    ]
    worst_list = 0.0
    for label, url, params in cases:
        response = client.get(url, params)  # warm-up
        assert response.status_code == 200, (label, response.status_code)
        times = []
        for round_ in range(args.iterations):
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            print(f"  {label:32} round {round_ + 1}: {times[-1]:7.1f} ms", flush=True)
        p50, worst = statistics.median(times), max(times)
        print(f"{label:34} p50 {p50:7.1f} ms   max {worst:7.1f} ms", flush=True)
        if url == LIST_URL:
            worst_list = max(worst_list, p50)
    verdict = "met" if worst_list <= TARGET_MS else "NOT met"
    print(f"target (list's first page p50 <= {TARGET_MS} ms in every case): {verdict}")
    return 0 if worst_list <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
