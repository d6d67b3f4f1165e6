"""The figures behind the funding reports (payments/reports.py draws them): members over
time, joins and departures per month, gifts bought and redeemed, money by month, read
from the month counters kept as things happen (members/campaigns.py), so a year of any
figure is one small query at any size; and campaigns by day, from their entries (an
index on campaign and time)."""

from datetime import timedelta

from django.db.models import Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from . import campaigns
from .models import Campaign, CampaignEntry


def month_starts(months=12, now=None):
    """The first day of each of the last `months` months, oldest first."""
    now = timezone.localtime(now or timezone.now())
    first = now.date().replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def joins_and_departures(months):
    """({month: new members}, {month: departures}) from the month counters."""
    found = campaigns.month_counters(["joins", "departures"], months)
    return found["joins"], found["departures"]


def members_over_time(months, joins, departures):
    """Members at the end of each month: today's count, walked back by each later
    month's joins and departures."""
    count = campaigns.member_count()
    values = []
    for month in reversed(months):
        values.append(count)
        count -= joins.get(month, 0) - departures.get(month, 0)
    return values[::-1]


def gifts_by_month(months):
    found = campaigns.month_counters(["gifts_bought", "gifts_redeemed"], months)
    return found["gifts_bought"], found["gifts_redeemed"]


def money_by_month(months, currency):
    """({month: donated}, {month: donations}, {month: recurring revenue}), minor units."""
    kinds = [f"donated:{currency}", f"donations:{currency}", f"recurring:{currency}"]
    found = campaigns.month_counters(kinds, months)
    return tuple(found[kind] for kind in kinds)


def campaign_days(campaign, now=None):
    """(days, cumulative figures) of one campaign from its start to today or its end,
    offset included; money in whole units."""
    now = now or timezone.now()
    end = min(now, campaign.ends_at)
    start = timezone.localtime(campaign.starts_at).date()
    last = timezone.localtime(end).date()
    per_day = dict(
        CampaignEntry.objects.filter(campaign=campaign)
        .annotate(day=TruncDate("at"))
        .values("day")
        .annotate(total=Sum("amount"))
        .values_list("day", "total")
    )
    days, values, running = [], [], 0
    day = start
    while day <= last and len(days) < 400:
        running += per_day.get(day, 0)
        days.append(day)
        values.append(campaign.offset + (running // 100 if campaign.is_amount else running))
        day += timedelta(days=1)
    return days, values


def reported_campaigns(limit=6):
    return list(Campaign.objects.filter(Q(starts_at__lte=timezone.now()))[:limit])
