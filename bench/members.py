"""Members benchmark at 1M members on PostgreSQL.

    .venv/bin/python bench/members.py                 # what `make bench` runs
    .venv/bin/python bench/members.py --rebuild       # build the database again
    .venv/bin/python bench/members.py --members 100000 --events 200   # a quicker run

The database is BENCH_MEMBERS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/masthead_members_bench; its name must contain "bench").
It is built once (migrations, then N readers and their memberships in three tiers inserted
in SQL, spread over two years in every status) and reused while it holds N members.

Timed, through the Django test Client as a superuser, after one warm-up, --iterations
times each (p50 and max): the admin members list's first page with a filter (tier and
status), with a search (an address prefix), and with both. Then webhook events processed
per second end to end: --events invoice.paid events, each signed as Stripe signs them,
POSTed to the webhook view one after another, each stored, locked, handled (a renewal
through members.services) and answered. Targets (issue #14): list <= 300 ms, >= 200 events/s.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/masthead_members_bench"
LIST_TARGET_MS = 300
EVENTS_TARGET = 200

USERS_SQL = """
INSERT INTO users_user (password, is_superuser, first_name, last_name, is_staff, is_active,
                        date_joined, email, display_name)
SELECT '!', false, '', '', false, true, now() - (n %% 730) * interval '1 day',
       'member' || lpad(n::text, 7, '0') || '@bench.example', 'Reader ' || n
FROM generate_series(1, %(n)s) AS n
"""

MEMBERSHIPS_SQL = """
INSERT INTO members_membership (user_id, tier_id, status, source, started_at,
  current_period_end, grace_until, external_id, state_at, state_key, welcomed_at, flag)
SELECT u.id, (ARRAY[%(t1)s, %(t2)s, %(t3)s])[1 + (u.id %% 3)],
  CASE WHEN u.id %% 20 = 0 THEN 'past_due' WHEN u.id %% 11 = 0 THEN 'cancelled'
       WHEN u.id %% 13 = 0 THEN 'lapsed' ELSE 'active' END,
  'stripe', u.date_joined, now() + (u.id %% 30) * interval '1 day',
  CASE WHEN u.id %% 20 = 0 THEN now() + interval '3 days' END,
  'sub_bench_' || u.id, u.date_joined, 'bench', u.date_joined, ''
FROM users_user u WHERE u.email LIKE 'member%%@bench.example'
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def prepare_database(url, rebuild):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(
            f"BENCH_MEMBERS_DATABASE_URL must name a database with 'bench' in it, not {name!r}"
        )
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if rebuild:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def build(members):
    from django.core.management import call_command
    from django.db import connection

    from masthead.members.models import Membership, Tier, TierPrice

    call_command("migrate", verbosity=0)
    if Membership.objects.count() >= members:
        return False
    started = time.monotonic()
    tiers = []
    for order, name in enumerate(("Reader", "Supporter", "Patron")):
        tier, _ = Tier.objects.get_or_create(
            slug=name.lower(), defaults={"name": name, "sort_order": order}
        )
        TierPrice.objects.get_or_create(
            tier=tier, currency="eur", interval="month", defaults={"amount": 500 * (order + 1)}
        )
        tiers.append(tier.pk)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_membership")
        cursor.execute("DELETE FROM users_user WHERE email LIKE 'member%%@bench.example'")
        cursor.execute(USERS_SQL, {"n": members})
        cursor.execute(MEMBERSHIPS_SQL, {"t1": tiers[0], "t2": tiers[1], "t3": tiers[2]})
        cursor.execute("ANALYZE users_user; ANALYZE members_membership")
    print(f"built {members:,} members in {time.monotonic() - started:.0f} s")
    return True


def timed(fn, iterations):
    fn()
    times = []
    for _ in range(iterations):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def bench_list(iterations):
    from django.test import Client

    from masthead.members.models import Tier
    from masthead.users.models import User

    admin, _ = User.objects.get_or_create(
        email="bench-admin@bench.invalid", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(admin)
    tier = Tier.objects.get(slug="supporter").pk
    cases = [
        ("first page, no filter", {}),
        ("filter: tier + status", {"tier": tier, "status": "active"}),
        ("filter: lapsing", {"lapsing": "true"}),
        ("search: address prefix", {"q": "member012345"}),
        ("search + filter", {"q": "member01234", "status": "active"}),
    ]
    rows = []
    for label, params in cases:

        def get(params=params):
            response = client.get("/admin/memberships/", params)
            assert response.status_code == 200, response.status_code

        p50, worst = timed(get, iterations)
        rows.append((label, p50, worst))
    return rows


def bench_webhook(events):
    from django.test import Client, override_settings

    from masthead.members.models import Membership
    from masthead.payments.tests.fake_stripe import WEBHOOK_SECRET, event, fixture, signed

    ids = list(
        Membership.objects.filter(status="active")
        .order_by("?")
        .values_list("user_id", flat=True)[:events]
    )
    now = int(time.time())
    payloads = []
    for n, user_id in enumerate(ids):
        invoice = fixture("invoice", id=f"in_bench_{now}_{n}", customer=f"cus_bench_{user_id}")
        invoice["parent"]["subscription_details"] = {
            "metadata": {},
            "subscription": f"sub_bench_{user_id}",
        }
        invoice["lines"]["data"][0]["period"] = {"start": now, "end": now + 30 * 86400}
        payloads.append(
            json.dumps(
                event("invoice.paid", invoice, id=f"evt_bench_{now}_{n}", created=now + n)
            ).encode()
        )
    client = Client()
    with override_settings(STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET):
        started = time.perf_counter()
        for payload in payloads:
            response = client.post(
                "/payments/stripe/webhook/",
                payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signed(payload),
            )
            assert response.status_code == 200, response.content
        elapsed = time.perf_counter() - started
    return len(payloads) / elapsed


def main():
    args = parse_args()
    url = os.environ.get("BENCH_MEMBERS_DATABASE_URL", DEFAULT_URL)
    prepare_database(url, args.rebuild)
    import django

    django.setup()
    build(args.members)
    from masthead.members.models import Membership

    print(
        f"members: {Membership.objects.count():,} on PostgreSQL ({urlsplit(url).path.lstrip('/')})"
    )
    print(f"{'admin members list':<28} {'p50 ms':>8} {'max ms':>8}")
    worst = 0
    for label, p50, top in bench_list(args.iterations):
        worst = max(worst, p50)
        print(f"  {label:<26} {p50:8.1f} {top:8.1f}")
    rate = bench_webhook(args.events)
    print(
        f"webhook invoice.paid end to end: {rate:.0f} events/s ({args.events} events, one client)"
    )
    ok = worst <= LIST_TARGET_MS and rate >= EVENTS_TARGET
    print(
        f"target: list p50 <= {LIST_TARGET_MS} ms ({worst:.0f}), webhook >= {EVENTS_TARGET}/s "
        f"({rate:.0f}): {'met' if ok else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
