"""Reader-funding benchmark at 1M members and 100k donations on PostgreSQL.

    .venv/bin/python bench/funding.py                  # what `make bench` runs
    .venv/bin/python bench/funding.py --rebuild        # build the database again
    .venv/bin/python bench/funding.py --members 100000 --donations 10000   # quicker

The database is BENCH_FUNDING_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/masthead_funding_bench; its name must contain "bench").
It is built once, in SQL: N readers with memberships over two years in every status, their
join and departure history, the supporter rows and total, D donations over a year, 10k
gifts, and a running supporters campaign with 50k entries; reused while it holds N members.
The caches are the test settings' local memory (one process).

Measured, printing every round:
1. the campaign meter and supporter total (the article/home slot): queries and time cold
   (after its tags were bumped) and warm (target: 0 queries warm);
2. from a webhook to the updated count on a page: a signed checkout.session.completed for
   a donation POSTed to the webhook view, then the per-reader answer every cached page
   asks for (`/_/reader.json`, part `funding`) until it shows the new total;
3. the funding reports page and each chart's CSV, cold (figures read from the month
   counters) and warm (figures cached), as a superuser (target: <= 500 ms).
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

from members import USERS_SQL, prepare_database  # noqa: E402 - the same bench set-up

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/masthead_funding_bench"
REPORT_TARGET_MS = 500

MEMBERSHIPS_SQL = """
INSERT INTO members_membership (user_id, tier_id, status, source, started_at,
  current_period_end, grace_until, external_id, state_at, state_key, welcomed_at, flag)
SELECT u.id, %(tier)s,
  CASE WHEN u.id %% 11 = 0 THEN 'cancelled' WHEN u.id %% 13 = 0 THEN 'lapsed' ELSE 'active' END,
  'stripe', u.date_joined, now() + (u.id %% 30) * interval '1 day', NULL,
  'sub_bench_' || u.id, u.date_joined, 'bench', u.date_joined, ''
FROM users_user u WHERE u.email LIKE 'member%%@bench.example'
"""
JOINS_SQL = """
INSERT INTO members_membershipchange (membership_id, at, status, previous_status, reason, key, applied)
SELECT m.id, m.started_at, 'active', '', 'bench', 'bench', true FROM members_membership m
"""
DEPARTURES_SQL = """
INSERT INTO members_membershipchange (membership_id, at, status, previous_status, reason, key, applied)
SELECT m.id, m.started_at + (now() - m.started_at) / 2, m.status, 'active', 'bench', 'bench', true
FROM members_membership m WHERE m.status IN ('cancelled', 'lapsed')
"""
SUPPORTERS_SQL = """
INSERT INTO members_supporter (email, kind, first_at)
SELECT u.email, 'member', u.date_joined FROM users_user u WHERE u.email LIKE 'member%%@bench.example'
"""
DONATIONS_SQL = """
INSERT INTO payments_donation (stripe_id, user_id, email, amount, currency, monthly,
  subscription_id, payment_ref, status, paid_at)
SELECT 'cs_bench_' || n, NULL, 'donor' || n || '@bench.example', 500 + (n %% 20) * 250, 'eur',
  n %% 10 = 0, '', 'pi_bench_' || n, 'paid', now() - (n %% 365) * interval '1 day'
FROM generate_series(1, %(n)s) AS n
"""
DONORS_SQL = """
INSERT INTO members_supporter (email, kind, first_at)
SELECT email, 'donor', min(paid_at) FROM payments_donation GROUP BY email
ON CONFLICT (email) DO NOTHING
"""
GIFTS_SQL = """
INSERT INTO members_gift (code, tier_id, months, amount, currency, buyer_name, buyer_email,
  recipient_name, recipient_email, message, delivery, deliver_on, status, checkout_session_id,
  payment_ref, source, created_at, paid_at, delivered_at, redeemed_at, redeemed_by_id, ends_at,
  reminded_at)
SELECT 'bench' || n, %(tier)s, 12, 4800, 'eur', '', 'giver' || n || '@bench.example',
  'Friend', 'friend' || n || '@bench.example', '', 'email',
  (now() - (n %% 365) * interval '1 day')::date,
  CASE WHEN n %% 2 = 0 THEN 'redeemed' ELSE 'delivered' END, 'cs_gift_bench_' || n, '', '',
  now() - (n %% 365) * interval '1 day', now() - (n %% 365) * interval '1 day',
  now() - (n %% 365) * interval '1 day',
  CASE WHEN n %% 2 = 0 THEN now() - (n %% 365) * interval '1 day' + interval '2 days' END,
  NULL, NULL, NULL
FROM generate_series(1, %(n)s) AS n
"""
ENTRIES_SQL = """
INSERT INTO members_campaignentry (campaign_id, key, amount, at)
SELECT %(campaign)s, 'bench:' || n, 1, now() - (n %% 20) * interval '1 day'
FROM generate_series(1, %(n)s) AS n
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--donations", type=int, default=100_000)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def build(members, donations):
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from masthead.members.models import Campaign, FundingCounter, Membership, Tier, TierPrice

    call_command("migrate", verbosity=0)
    if Membership.objects.count() >= members:
        if not FundingCounter.objects.filter(name="members").exists():
            recount()
        return Campaign.objects.get(title="Bench drive")
    started = time.monotonic()
    tier, _ = Tier.objects.get_or_create(slug="supporter", defaults={"name": "Supporter"})
    TierPrice.objects.get_or_create(
        tier=tier, currency="eur", interval="year", defaults={"amount": 4800}
    )
    now = timezone.now()
    campaign = Campaign.objects.create(
        title="Bench drive",
        message="Goal: 100,000 supporters",
        goal_kind=Campaign.Goal.SUPPORTERS,
        goal=100_000,
        starts_at=now - datetime.timedelta(days=21),
        ends_at=now + datetime.timedelta(days=30),
    )
    steps = [
        ("readers", USERS_SQL, {"n": members}),
        ("memberships", MEMBERSHIPS_SQL, {"tier": tier.pk}),
        ("joins", JOINS_SQL, {}),
        ("departures", DEPARTURES_SQL, {}),
        ("member supporters", SUPPORTERS_SQL, {}),
        ("donations", DONATIONS_SQL, {"n": donations}),
        ("donor supporters", DONORS_SQL, {}),
        ("gifts", GIFTS_SQL, {"n": 10_000, "tier": tier.pk}),
        ("campaign entries", ENTRIES_SQL, {"n": 50_000, "campaign": campaign.pk}),
    ]
    with connection.cursor() as cursor:
        for label, sql, params in steps:
            step = time.monotonic()
            cursor.execute(sql, params)
            print(f"  built {label} in {time.monotonic() - step:.1f} s", flush=True)
        cursor.execute("ANALYZE")
    recount()
    print(
        f"built {members:,} members and {donations:,} donations in {time.monotonic() - started:.0f} s"
    )
    return campaign


def recount():
    """The counters the meters and reports read, from the rows built in SQL: what
    `manage.py recount_funding` does on an install with history."""
    from masthead.payments import donations

    started = time.monotonic()
    donations.do_recount()
    print(f"  recounted the funding counters in {time.monotonic() - started:.1f} s", flush=True)


def request():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    found = RequestFactory().get("/")
    found.user = AnonymousUser()
    return found


def bench_meter(campaign, iterations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from masthead.core import fragments, slots

    print("1. campaign meter + supporter total (slot article.membership)")
    fragments.bump_tags(f"campaign:{campaign.pk}", "supporters", "campaigns")
    with CaptureQueriesContext(connection) as cold_queries:
        started = time.perf_counter()
        html = slots.render("article.membership", {"request": request()})
        cold = (time.perf_counter() - started) * 1000
    assert "Goal: 100,000 supporters" in html
    print(f"   cold: {len(cold_queries)} queries, {cold:.2f} ms")
    for round_ in range(1, iterations + 1):
        with CaptureQueriesContext(connection) as warm_queries:
            started = time.perf_counter()
            slots.render("article.membership", {"request": request()})
            warm = (time.perf_counter() - started) * 1000
        print(f"   warm round {round_}: {len(warm_queries)} queries, {warm:.3f} ms")
        assert len(warm_queries) == 0, "the warm meter must run no query"


def bench_webhook_to_page(iterations):
    import json

    from django.test import Client, override_settings

    from masthead.members import campaigns
    from masthead.payments.tests.fake_stripe import WEBHOOK_SECRET, event, fixture, signed

    print("2. webhook -> updated count on a page (/_/reader.json part 'funding')")
    client = Client()
    times = []
    with override_settings(STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_SECRET_KEY="sk_bench"):  # noqa: S106 - a bench key
        for round_ in range(1, iterations + 1):
            stamp = time.time_ns()
            email = f"new-donor-{stamp}@bench.example"
            client.get("/_/reader.json", {"path": "/"})  # warm: the page shows the old total
            before = campaigns.supporter_total()
            session = fixture(
                "checkout_session",
                id=f"cs_bench_live_{stamp}",
                mode="payment",
                status="complete",
                payment_status="paid",
                customer_details={"email": email, "name": None},
                metadata={"masthead": "1", "kind": "donation"},
                payment_intent=f"pi_bench_live_{stamp}",
                amount_total=2500,
                created=int(time.time()),
            )
            payload = json.dumps(
                event(
                    "checkout.session.completed",
                    session,
                    id=f"evt_bench_{stamp}",
                    created=int(time.time()),
                )
            ).encode()
            started = time.perf_counter()
            response = client.post(
                "/payments/stripe/webhook/",
                payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signed(payload),
            )
            assert response.status_code == 200, response.content
            webhook_ms = (time.perf_counter() - started) * 1000
            wanted = f"{before + 1:,}"
            while True:
                html = client.get("/_/reader.json", {"path": "/"}).json()["parts"]["funding"][
                    "html"
                ]
                if wanted in html:
                    break
                if time.perf_counter() - started > 60:
                    raise AssertionError("the count did not change within a minute")
            total_ms = (time.perf_counter() - started) * 1000
            times.append(total_ms)
            print(
                f"   round {round_}: webhook {webhook_ms:.1f} ms, on the page after {total_ms:.1f} ms ({wanted} supporters)"
            )
    print(f"   p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms")


def bench_reports(iterations):
    from django.core.cache import cache
    from django.test import Client

    from masthead.users.models import User

    print(f"3. funding reports (target <= {REPORT_TARGET_MS} ms)")
    admin, _ = User.objects.get_or_create(
        email="bench-admin@bench.invalid", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(admin)
    pages = ["", "?csv=members", "?csv=joins", "?csv=mrr", "?csv=donations", "?csv=gifts"]
    for query in pages:
        label = query or "page"
        for round_ in range(1, iterations + 1):
            cache.clear()
            started = time.perf_counter()
            response = client.get("/admin/funding/reports/" + query)
            cold = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            started = time.perf_counter()
            client.get("/admin/funding/reports/" + query)
            warm = (time.perf_counter() - started) * 1000
            verdict = "ok" if cold <= REPORT_TARGET_MS else "OVER"
            print(f"   {label} round {round_}: cold {cold:.0f} ms ({verdict}), warm {warm:.0f} ms")


def main():
    args = parse_args()
    url = os.environ.get("BENCH_FUNDING_DATABASE_URL", DEFAULT_URL)
    prepare_database(url, args.rebuild)
    import django

    django.setup()
    campaign = build(args.members, args.donations)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    bench_meter(campaign, args.iterations)
    bench_webhook_to_page(args.iterations)
    bench_reports(args.iterations)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
