"""The demo newsroom's reader funding: a birthday campaign two-thirds of the way to its
goal, a year of donations (one-off and monthly), and gift memberships in every state
(redeemed, delivered and waiting, scheduled for a later day), so the funding reports
show something on first run. Nothing is mailed and no task is queued: rows are written
directly where the services would send email. Adds nothing when a campaign exists."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import OuterRef, Subquery

from masthead.members import services
from masthead.members.models import (
    Campaign,
    CampaignEntry,
    Gift,
    Membership,
    MembershipChange,
    Supporter,
    Tier,
)
from masthead.payments import donations as donations_service
from masthead.payments.models import Donation

GOAL = 1000
RECIPIENTS = [
    ("Ilka Marsh", "Happy birthday! You always forward me their river stories anyway."),
    ("Tomas Varga", "For the long train rides. Love, M."),
    ("Rae Okafor", "Congratulations on the new job: now read the business desk properly."),
    ("Sami Lind", "Because you asked who pays for all this. We do."),
    ("Oskar Reyes", ""),
    ("Nia Holt", "Thank you for looking after the garden all summer."),
    ("Wren Costa", "From the whole choir, with thanks."),
    ("Gia Brandt", "Merry midwinter!"),
    ("Hal Novak", ""),
    ("Uma Sato", "For the new flat: something to read on the balcony."),
]


def ensure(now, seed=16):
    """Create the campaign, donations and gifts once; returns what was created."""
    if Campaign.objects.exists() or not Tier.objects.exists():
        return {}
    rng = random.Random(seed)
    with transaction.atomic():
        _date_the_history()
        campaign = _campaign(now, rng)
        donations = _donations(now, rng)
        gifts = _gifts(now, rng)
        # the month counters the reports read, from the history written above
        donations_service.do_recount()
    return {"campaign": campaign.count, "donations": donations, "gifts": gifts}


def _date_the_history():
    """The demo grants its members at invented past times, but each change row is
    stamped when written: give joins their join time and later changes the time they
    happened, as if they had been recorded then (the reports chart the history)."""
    membership = Membership.objects.filter(pk=OuterRef("membership_id"))
    demo = MembershipChange.objects.filter(key__startswith="demo:")
    demo.filter(key__endswith=":join").update(at=Subquery(membership.values("started_at")[:1]))
    demo.exclude(key__endswith=":join").update(at=Subquery(membership.values("state_at")[:1]))


def _campaign(now, rng):
    """Three weeks in, ten days to go, about two-thirds of the way: the entries spread
    over its days so its chart climbs."""
    start = now - datetime.timedelta(days=21)
    campaign = Campaign.objects.create(
        title="Third birthday drive",
        message=f"Goal: {GOAL:,} new members for our third birthday",
        goal_kind=Campaign.Goal.MEMBERS,
        goal=GOAL,
        offset=180,  # joined at the launch party, before tracking began
        starts_at=start,
        ends_at=now + datetime.timedelta(days=10),
    )
    target = round(GOAL * 2 / 3) - campaign.offset + rng.randint(-5, 5)
    entries = []
    for n in range(target):
        # more at the start and in the last days, as drives go
        fraction = min(rng.betavariate(0.8, 1.1), 0.999)
        entries.append(
            CampaignEntry(
                campaign=campaign,
                key=f"demo:person:{n}",
                at=start + (now - start) * fraction,
            )
        )
    CampaignEntry.objects.bulk_create(entries, batch_size=1000)
    Campaign.objects.filter(pk=campaign.pk).update(count=len(entries))
    campaign.count = len(entries)
    return campaign


def _donations(now, rng):
    """About 180 donations over a year: most one-off, a few monthly donors' months."""
    rows = []
    for n in range(140):
        rows.append(
            Donation(
                stripe_id=f"cs_demo_donation_{n}",
                email=f"donor{n:03d}@readers.example",
                amount=rng.choice([500, 1000, 1500, 2500, 5000, 10000]),
                currency="eur",
                paid_at=now - datetime.timedelta(days=rng.uniform(0, 365)),
            )
        )
    for donor in range(4):
        first = now - datetime.timedelta(days=rng.uniform(60, 360))
        amount = rng.choice([500, 1000, 2000])
        month = 0
        while first + datetime.timedelta(days=30 * month) < now:
            rows.append(
                Donation(
                    stripe_id=f"in_demo_monthly_{donor}_{month}",
                    email=f"monthly{donor}@readers.example",
                    amount=amount,
                    currency="eur",
                    monthly=True,
                    subscription_id=f"sub_demo_monthly_{donor}",
                    paid_at=first + datetime.timedelta(days=30 * month),
                )
            )
            month += 1
    Donation.objects.bulk_create(rows, batch_size=500)
    donors = {}
    for row in rows:
        donors.setdefault(row.email, row.paid_at)
    Supporter.objects.bulk_create(
        [Supporter(email=e, kind=Supporter.Kind.DONOR, first_at=at) for e, at in donors.items()],
        ignore_conflicts=True,
    )
    return len(rows)


def _gifts(now, rng):
    """Ten gifts: six redeemed (their recipients are members now), two delivered and
    waiting, two scheduled for later days."""
    tiers = list(Tier.objects.all())
    User = get_user_model()
    created = 0
    for n, (name, message) in enumerate(RECIPIENTS):
        tier = tiers[n % min(2, len(tiers))]
        months = (3, 6, 12)[n % 3]
        paid = now - datetime.timedelta(days=rng.uniform(5, 200))
        email = f"gift{n:02d}@readers.example"
        gift = Gift(
            tier=tier,
            months=months,
            amount=_price(tier, months),
            currency="eur",
            buyer_name=f"Giver {n + 1}",
            buyer_email=f"giver{n:02d}@readers.example",
            recipient_name=name,
            recipient_email=email,
            message=message,
            deliver_on=paid.date(),
            status=Gift.Status.DELIVERED,
            checkout_session_id=f"cs_demo_gift_{n}",
            payment_ref=f"pi_demo_gift_{n}",
            paid_at=paid,
            delivered_at=paid,
        )
        if n >= 8:  # scheduled: a birthday next week
            gift.deliver_on = (now + datetime.timedelta(days=3 + n)).date()
            gift.status, gift.delivered_at = Gift.Status.PAID, None
        gift.save()
        if n < 6:
            redeemed = paid + datetime.timedelta(days=rng.uniform(0, 4))
            user, _ = User.objects.get_or_create(
                email=email,
                defaults={"first_name": name.split()[0], "password": make_password(None)},
            )
            ends = redeemed + datetime.timedelta(days=30 * months)
            services.do_grant_membership(
                user,
                tier,
                source=Membership.Source.GIFT,
                current_period_end=ends,
                at=redeemed,
                key=f"gift:{gift.pk}",
                reason="gift redeemed",
                welcome=False,  # invented readers are never mailed
            )
            MembershipChange.objects.filter(key=f"gift:{gift.pk}").update(at=redeemed)
            Gift.objects.filter(pk=gift.pk).update(
                status=Gift.Status.REDEEMED, redeemed_at=redeemed, redeemed_by=user, ends_at=ends
            )
        Supporter.objects.get_or_create(
            email=gift.buyer_email, defaults={"kind": Supporter.Kind.GIFT, "first_at": paid}
        )
        created += 1
    return created


def _price(tier, months):
    from masthead.members.gifts import price_for

    return price_for(tier, months) or 500 * months
