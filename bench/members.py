"""Members benchmark at 1M members on PostgreSQL.

    .venv/bin/python bench/members.py                 # what `make bench` runs
    .venv/bin/python bench/members.py --rebuild       # build the database again
    .venv/bin/python bench/members.py --members 100000 --events 200   # a quicker run

The database is BENCH_MEMBERS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/masthead_members_bench; its name must contain "bench").
It is built once (migrations, then N readers and their memberships in three tiers inserted
in SQL, spread over two years in every status) and reused while it holds N members.

Timed, through the Django test Client as a superuser, after one warm-up, --iterations
times each (every round printed, then p50 and max): the admin members list's first page
plain, with a filter (tier and status; lapsing), with a search (an address prefix), and
with both. Then webhook events processed per second end to end: --events invoice.paid
events, each signed as Stripe signs them, POSTed to the webhook view (the whole middleware
stack), each verified, stored, locked, handled (a payment row and a renewal through
members.services, with its history row) and answered, in one commit. Twice: from one
client, back to back, and from --clients clients at once, as Stripe delivers (it does not
wait for one event's answer before sending the next) to a server with several workers.
Then article requests per second (bench/readers.py's method: the deployed WSGI stack,
pagecache.FastPath in front of Django, one thread) for an anonymous reader and for one of
the million members, on a member-only article: the cached page, and the per-reader call
that brings the member the rest of the text.
Targets (issue #14): list <= 300 ms, >= 200 events/s.
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
sys.path.insert(0, str(ROOT / "bench"))
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
    parser.add_argument("--clients", type=int, default=4, help="concurrent webhook senders")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per article row")
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def prepare_database(url, rebuild):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"A bench database URL must name a database with 'bench' in it, not {name!r}")
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
    print(f"building {members:,} readers and memberships in SQL (generate_series)…", flush=True)
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
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        # The visibility map lets the capped counts read the indexes only, as autovacuum
        # would have arranged on a live site.
        cursor.execute("VACUUM ANALYZE users_user")
        cursor.execute("VACUUM ANALYZE members_membership")
    print(f"built {members:,} members in {time.monotonic() - started:.0f} s")
    return True


def timed(fn, iterations, label=""):
    fn()
    times = []
    for n in range(iterations):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        print(f"    round {n + 1}: {label} {times[-1]:.1f} ms", flush=True)
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
        ("first page, plain", {}),
        ("filter: tier + status", {"tier": tier, "status": "active"}),
        ("filter: lapsing", {"lapsing": "true"}),
        ("search: address prefix", {"q": "member012345"}),
        ("search + filter", {"q": "member01234", "status": "active"}),
        ("search: name, trigram", {"q": "reader 123456"}),
    ]
    rows = []
    for label, params in cases:

        def get(params=params):
            response = client.get("/admin/memberships/", params)
            assert response.status_code == 200, response.status_code

        p50, worst = timed(get, iterations, label)
        rows.append((label, p50, worst))
    return rows


def webhook_payloads(events):
    from django.db.models.functions import Mod

    from masthead.members.models import Membership
    from masthead.payments.tests.fake_stripe import event, fixture

    # Members spread over the table (a random sample would cost a sort of a million rows).
    step = max(1, Membership.objects.count() // (events * 2))
    ids = list(
        Membership.objects.filter(status="active")
        .annotate(spread=Mod("user_id", step))
        .filter(spread=0)
        .order_by("user_id")
        .values_list("user_id", flat=True)[:events]
    )
    now = time.time_ns() // 1000
    payloads = []
    for n, user_id in enumerate(ids):
        invoice = fixture("invoice", id=f"in_bench_{now}_{n}", customer=f"cus_bench_{user_id}")
        invoice["parent"]["subscription_details"] = {
            "metadata": {},
            "subscription": f"sub_bench_{user_id}",
        }
        at = int(time.time())
        invoice["lines"]["data"][0]["period"] = {"start": at, "end": at + 30 * 86400}
        payloads.append(
            json.dumps(
                event("invoice.paid", invoice, id=f"evt_bench_{now}_{n}", created=at + n)
            ).encode()
        )
    return payloads


def post_events(payloads):
    from django.db import connection
    from django.test import Client

    from masthead.payments.tests.fake_stripe import signed

    client = Client()
    try:
        for payload in payloads:
            response = client.post(
                "/payments/stripe/webhook/",
                payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signed(payload),
            )
            assert response.status_code == 200, response.content
    finally:
        connection.close()


def bench_webhook(events, clients=1):
    """Events per second: `events` invoice.paid events from `clients` senders at once,
    each a process of its own (forked after setup), as a server's workers are."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from django.db import connections
    from django.test import override_settings

    from masthead.payments.models import StripeEvent
    from masthead.payments.tests.fake_stripe import WEBHOOK_SECRET

    payloads = webhook_payloads(events)
    shares = [payloads[n::clients] for n in range(clients)]
    with override_settings(STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET):
        post_events(payloads[:0])
        started = time.perf_counter()
        if clients == 1:
            post_events(payloads)
        else:
            connections.close_all()  # each forked sender opens its own
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(clients, mp_context=context) as pool:
                for done in pool.map(post_events, shares):
                    assert done is None
        elapsed = time.perf_counter() - started
    ids = [json.loads(payload)["id"] for payload in payloads]
    processed = StripeEvent.objects.filter(stripe_id__in=ids, status="processed").count()
    assert processed == len(payloads), (processed, len(payloads))
    return len(payloads) / elapsed


def bench_articles(seconds):
    """(label, (req/s, cache share, statuses)) rows: a member-only article for an
    anonymous reader and for a member, through bench/readers.py's WSGI method."""
    import readers
    import render
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client
    from django.test.utils import override_settings

    from masthead.api.cors import fastpath_headers
    from masthead.articles.models import ArticlePage
    from masthead.core.pagecache import FastPath
    from masthead.members.models import Membership

    if not ArticlePage.objects.exists():
        render.add_articles(40, render.build_site(), "bulk")
    article = ArticlePage.objects.live().order_by("-published_at")[5]
    if article.access != ArticlePage.Access.MEMBERS:
        article.access = ArticlePage.Access.MEMBERS
        article.save_revision().publish()
    url = article.url
    member = Membership.objects.filter(status="active").select_related("user").first().user
    client = Client()
    client.force_login(member)
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    query = f"path={url}&page={article.pk}"
    with override_settings(PAGE_CACHE_ENABLED=True, ALLOWED_HOSTS=["*"]):
        app = FastPath(WSGIHandler(), extra_headers=fastpath_headers)
        readers.rate(app, url, 0.5)  # rendered once, stored
        member_json = readers.rate(app, "/_/reader.json", 0.5, session, query)
        assert member_json[2] == ["200"], member_json
        # The member is given the rest of the text by the "gate" part.
        body = b"".join(app(readers.environ("/_/reader.json", session, query), lambda *a: None))
        assert b'"gate"' in body and b'"html"' in body, body[:300]
        return [
            ("member-only article, anonymous reader", readers.rate(app, url, seconds)),
            ("member-only article, signed-in member", readers.rate(app, url, seconds, session)),
            (
                "/_/reader.json for it, signed-in member",
                readers.rate(app, "/_/reader.json", seconds, session, query),
            ),
        ]


def main():
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    args = parse_args()
    url = os.environ.get("BENCH_MEMBERS_DATABASE_URL", DEFAULT_URL)
    prepare_database(url, args.rebuild)
    import django

    django.setup()
    build(args.members)
    from masthead.members.models import Membership

    print(
        f"members: {Membership.objects.count():,} on PostgreSQL ({urlsplit(url).path.lstrip('/')}); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print("admin members list, first page (p50 of --iterations rounds, after one warm-up):")
    rows = bench_list(args.iterations)
    print(f"  {'':<26} {'p50 ms':>8} {'max ms':>8}")
    worst = 0
    for label, p50, top in rows:
        worst = max(worst, p50)
        print(f"  {label:<26} {p50:8.1f} {top:8.1f}")
    serial = bench_webhook(args.events)
    print(
        f"webhook invoice.paid end to end, one client:   {serial:6.0f} events/s ({args.events} events)"
    )
    concurrent = bench_webhook(args.events, args.clients)
    print(
        f"webhook invoice.paid end to end, {args.clients} clients: {concurrent:6.0f} events/s "
        f"({args.events} events)"
    )
    articles = bench_articles(args.seconds)
    print(f"article requests per second, one thread, {args.seconds:g} s per row:")
    for label, (per_second, hits, statuses) in articles:
        print(f"  {label:<40} {per_second:8,.0f} req/s  cache {hits:4.0%}  {','.join(statuses)}")
    ok = worst <= LIST_TARGET_MS and max(serial, concurrent) >= EVENTS_TARGET
    print(
        f"target: list p50 <= {LIST_TARGET_MS} ms (worst {worst:.0f}), webhook >= {EVENTS_TARGET}/s "
        f"(one client {serial:.0f}, {args.clients} clients {concurrent:.0f}): "
        f"{'met' if ok else 'NOT met'}; load average now {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
