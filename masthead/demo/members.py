"""The demo newsroom's members: three tiers and a few hundred invented readers who
joined over the past two years, some renewed, some past due, lapsed or cancelled, all
through the services like real ones. Used by load_demo; adds nothing when tiers exist."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from masthead.articles.models import ArticlePage
from masthead.members import services
from masthead.members.models import Membership, Tier, TierPrice

TIERS = [
    (
        "Reader",
        "reader",
        "Keep the Ledger free for everyone.",
        "Our thanks in every newsletter\nMember-only articles",
        [("eur", "month", 400), ("eur", "year", 4000), ("usd", "month", 500)],
    ),
    (
        "Supporter",
        "supporter",
        "Pay for a reporter's day in the field each year.",
        "Everything in Reader\nThe editor's weekly letter\nAsk the newsroom: a monthly live Q&A",
        [("eur", "month", 900), ("eur", "year", 9000), ("usd", "month", 1000)],
    ),
    (
        "Patron",
        "patron",
        "Fund an investigation from first tip to publication.",
        "Everything in Supporter\nYour name in our annual report (if you wish)\nA yearly call with the editors",
        [("eur", "month", 2500), ("eur", "year", 25000)],
    ),
]
FIRST = [
    "Ada",
    "Bo",
    "Cem",
    "Dana",
    "Eli",
    "Fen",
    "Gia",
    "Hal",
    "Ines",
    "Jo",
    "Kai",
    "Lia",
    "Milo",
    "Nia",
    "Oskar",
    "Pia",
    "Quinn",
    "Rae",
    "Sami",
    "Tove",
    "Uma",
    "Vik",
    "Wren",
    "Yara",
]
LAST = [
    "Marsh",
    "Okafor",
    "Lind",
    "Varga",
    "Moreau",
    "Sato",
    "Novak",
    "Reyes",
    "Holt",
    "Brandt",
    "Costa",
    "Ilic",
    "Dahl",
    "Kerr",
    "Abara",
    "Finch",
]


def ensure(now, members=300, seed=14):
    """Create the tiers and `members` members; returns how many members were created."""
    if Tier.objects.exists():
        return 0
    rng = random.Random(seed)
    tiers = []
    with transaction.atomic():
        for order, (name, slug, description, benefits, prices) in enumerate(TIERS):
            tier = Tier.objects.create(
                name=name, slug=slug, description=description, benefits=benefits, sort_order=order
            )
            for currency, interval, amount in prices:
                TierPrice.objects.create(
                    tier=tier, currency=currency, interval=interval, amount=amount
                )
            tiers.append(tier)
    User = get_user_model()
    emails = [f"member{n:04d}@readers.example" for n in range(members)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    users = [
        User(
            email=email,
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}.",
            password=make_password(None),  # unusable: readers sign in by emailed link
        )
        for email in emails
        if email not in existing
    ]
    User.objects.bulk_create(users, batch_size=500)
    created = 0
    for user in User.objects.filter(email__in=emails, membership__isnull=True).order_by("email"):
        tier = rng.choices(tiers, weights=[60, 30, 10])[0]
        joined = now - datetime.timedelta(days=rng.uniform(1, 730))
        period = datetime.timedelta(days=365 if rng.random() < 0.3 else 30)
        paid_until = joined + period
        while paid_until < now:
            paid_until += period
        source = Membership.Source.STRIPE if rng.random() < 0.9 else Membership.Source.ONE_OFF
        services.do_grant_membership(
            user,
            tier,
            source=source,
            current_period_end=paid_until,
            at=joined,
            key=f"demo:{user.pk}:join",
            reason="demo",
            welcome=False,  # invented readers are never mailed
        )
        fate = rng.random()
        if fate < 0.05:
            services.do_mark_past_due(
                user, at=now - datetime.timedelta(days=2), key=f"demo:{user.pk}:due"
            )
        elif fate < 0.13:
            ended = joined + (now - joined) * rng.uniform(0.3, 0.95)
            services.do_cancel(user, at=ended, key=f"demo:{user.pk}:cancel")
        elif fate < 0.18:
            ended = joined + (now - joined) * rng.uniform(0.3, 0.95)
            services.do_lapse(user, at=ended, key=f"demo:{user.pk}:lapse")
        created += 1
    # A few investigations for members only, to show the gate.
    gated = (
        ArticlePage.objects.live()
        .filter(kind=ArticlePage.Kind.INVESTIGATION)
        .order_by("-published_at")
        .values_list("pk", flat=True)[:3]
    )
    ArticlePage.objects.filter(pk__in=list(gated)).update(access=ArticlePage.Access.MEMBERS)
    return created
