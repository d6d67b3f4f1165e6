"""The demo newsroom's newsletters: the Newsletters page and four lists (original copy).
Called by the demo builder (masthead/demo/build.py)."""

from masthead.newsletters.models import Newsletter, NewsletterIndexPage

INTRODUCTION = (
    "Our journalism, straight to your inbox. Every newsletter uses double opt-in, and "
    "every email has a one-click unsubscribe link."
)

NEWSLETTERS = [
    {
        "slug": "morning-ledger",
        "name": "The Morning Ledger",
        "cadence": "Every weekday at 7 a.m.",
        "description": "The night's news, what to watch today and one story worth your "
        "time. Five minutes, no more.",
        "curator": "Hana Sorel",
        "welcome": "Thank you for signing up to the Morning Ledger.\n\nYour first briefing "
        "arrives tomorrow at 7 a.m. If it lands in a promotions or spam folder, move it to "
        "your inbox once and it will find its way from then on.",
    },
    {
        "slug": "long-read",
        "name": "The Long Read",
        "cadence": "Every Saturday",
        "description": "One of our big features or investigations, with a note from the "
        "editor on how it was reported.",
        "curator": "Tomas Adler",
        "welcome": "Welcome to the Long Read.\n\nOn Saturdays we send one story that took "
        "weeks to report, and tell you how it was done.",
    },
    {
        "slug": "front-line-dispatch",
        "name": "Front Line Dispatch",
        "cadence": "Twice a week",
        "description": "Notes from our correspondents in the east, with photographs that "
        "don't make it into the news.",
        "curator": "Milena Varga",
        "welcome": "Welcome to Front Line Dispatch.\n\nOur correspondents write it on the "
        "road, twice a week, from wherever the story is.",
    },
    {
        "slug": "money-matters",
        "name": "Money Matters",
        "cadence": "Every Wednesday",
        "description": "Prices, wages, energy bills and the economy at war, explained "
        "without jargon.",
        "curator": "Sabine Korder",
        "welcome": "Welcome to Money Matters.\n\nEvery Wednesday, one question about the "
        "economy answered plainly.",
    },
]


def index_page():
    return NewsletterIndexPage(
        title="Newsletters",
        slug="newsletters",
        introduction=INTRODUCTION,
        search_description=INTRODUCTION,
    )


def ensure_newsletters(authors, sender_email):
    """The four lists; returns (created, existing)."""
    created = 0
    for order, spec in enumerate(NEWSLETTERS):
        _, made = Newsletter.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "cadence": spec["cadence"],
                "description": spec["description"],
                "curator": authors.get(spec["curator"]),
                "sender_name": spec["name"],
                "sender_email": sender_email,
                "sort_order": order,
                "welcome_subject": f"Welcome to {spec['name']}",
                "welcome_body": spec["welcome"],
            },
        )
        created += made
    return created, len(NEWSLETTERS) - created


DEMO_DOMAIN = "readers.example"  # RFC 2606: never deliverable
FIRST_NAMES = ["Ana", "Bohdan", "Chloe", "Dmytro", "Elif", "Farid", "Greta", "Hugo", "Iryna"]

ISSUES = [
    {
        "newsletter": "morning-ledger",
        "days_ago": 2,
        "subject": "The Morning Ledger: the river port reopens",
        "preheader": "Three stories before your first coffee",
        "intro": "<p>Good morning. The port is open again after a week of repairs, the "
        "council meets on the water prices tonight, and our photographers spent a day "
        "with the ferry crews.</p>",
    },
    {
        "newsletter": "long-read",
        "days_ago": 5,
        "subject": "The Long Read: a town that rebuilt its school twice",
        "preheader": "How we reported it, and what we could not print",
        "intro": "<p>This week's long read took our correspondent back to the same school "
        "three times in a year. Below, the story, and a note on the interviews that did "
        "not make it in.</p>",
    },
]


def ensure_audience(now, subscribers=2400):
    """A few thousand invented subscribers over two years (some pending, some gone), a
    suppressed address, and two sent issues in the public archive with their deliveries
    recorded as sent. Nothing is mailed: the rows are written as a finished send leaves
    them. Returns the number of subscribers created (0 when they exist)."""
    import datetime
    import random

    from django.db import transaction
    from django.db.models import OuterRef, Subquery

    from masthead.articles.models import ArticlePage
    from masthead.newsletters.models import (
        Delivery,
        Issue,
        Subscriber,
        Subscription,
        Suppression,
        email_hash,
    )

    if Subscriber.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return 0
    rng = random.Random(15)  # noqa: S311 - demo data, not security
    lists = {
        n.slug: n for n in Newsletter.objects.filter(slug__in=[s["slug"] for s in NEWSLETTERS])
    }
    order = [spec["slug"] for spec in NEWSLETTERS]
    with transaction.atomic():
        rows = Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"reader{n:05d}@{DEMO_DOMAIN}",
                    name=rng.choice(FIRST_NAMES) if n % 3 else "",
                )
                for n in range(subscribers)
            ],
            batch_size=1000,
        )
        joined = {
            s.pk: now - datetime.timedelta(days=730 * (1 - (i / subscribers) ** 0.7))
            for i, s in enumerate(rows)
        }
        Subscriber.objects.bulk_update(
            [Subscriber(pk=pk, created_at=when) for pk, when in joined.items()],
            ["created_at"],
            batch_size=1000,
        )
        subscriptions = []
        for subscriber in rows:
            when = joined[subscriber.pk]
            weights = [0.85, 0.45, 0.3, 0.25]
            for slug, weight in zip(order, weights, strict=True):
                if rng.random() > weight:
                    continue
                roll = rng.random()
                status = (
                    "pending" if roll < 0.04 else "unsubscribed" if roll < 0.12 else "confirmed"
                )
                left = when + datetime.timedelta(days=rng.randint(1, 300))
                subscriptions.append(
                    Subscription(
                        subscriber=subscriber,
                        newsletter=lists[slug],
                        status=status,
                        confirmed_at=None
                        if status == "pending"
                        else when + datetime.timedelta(minutes=7),
                        unsubscribed_at=min(left, now) if status == "unsubscribed" else None,
                        consent_source="demo:form:/newsletters/",
                    )
                )
        Subscription.objects.bulk_create(subscriptions, batch_size=2000)
        # created_at is set on insert; the demo's readers signed up when they joined.
        Subscription.objects.filter(subscriber__in=rows).update(
            created_at=Subquery(
                Subscriber.objects.filter(pk=OuterRef("subscriber_id")).values("created_at")[:1]
            )
        )
        bounced = f"reader{subscribers - 1:05d}@{DEMO_DOMAIN}"
        Suppression.objects.get_or_create(
            email_hash=email_hash(bounced),
            defaults={"email": bounced, "reason": "hard_bounce", "detail": "550 5.1.1 (demo)"},
        )
        articles = list(ArticlePage.objects.live().order_by("-first_published_at")[:6])
        for number, spec in enumerate(ISSUES):
            newsletter = lists[spec["newsletter"]]
            sent_at = now - datetime.timedelta(days=spec["days_ago"])
            issue = Issue.objects.create(
                newsletter=newsletter,
                subject=spec["subject"],
                preheader=spec["preheader"],
                intro=spec["intro"],
                articles=[("article", page) for page in articles[number * 3 : number * 3 + 3]],
                status=Issue.Status.SENT,
                frozen=True,
                started_at=sent_at,
                sent_at=sent_at + datetime.timedelta(minutes=3),
            )
            audience = Subscription.objects.filter(
                newsletter=newsletter, status="confirmed", confirmed_at__lt=sent_at
            ).values_list("subscriber_id", "subscriber__email")
            deliveries = [
                Delivery(
                    issue=issue,
                    subscriber_id=subscriber_id,
                    email=email,
                    status=Delivery.Status.SENT,
                    attempts=1,
                    message_id=f"<nl.{issue.pk}.demo{subscriber_id}@{DEMO_DOMAIN}>",
                    sent_at=sent_at + datetime.timedelta(seconds=1 + n // 50),
                )
                for n, (subscriber_id, email) in enumerate(audience)
            ]
            Delivery.objects.bulk_create(deliveries, batch_size=2000)
            Issue.objects.filter(pk=issue.pk).update(total=len(deliveries))
    return len(rows)
