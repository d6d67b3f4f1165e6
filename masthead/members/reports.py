"""The figures behind the funding reports (payments/reports.py draws them): members over
time, joins and departures per month, gifts bought and redeemed, campaigns by day.
Each is one grouped query over an indexed time column, never a row per member."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from .models import Campaign, CampaignEntry, Gift, Membership, MembershipChange

Status = Membership.Status
NOT_MEMBER = ("", Status.LAPSED, Status.CANCELLED)
GONE = (Status.LAPSED, Status.CANCELLED)


def month_starts(months=12, now=None):
    """The first day of each of the last `months` months, oldest first."""
    now = timezone.localtime(now or timezone.now())
    first = now.date().replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def _by_month(queryset, field, value=None):
    rows = (
        queryset.annotate(month=TruncMonth(field))
        .values("month")
        .annotate(value=value or Count("pk"))
        .values_list("month", "value")
    )
    found = {}
    for month, amount in rows:
        if month is not None:
            key = month.date() if hasattr(month, "date") else month
            found[key.replace(day=1)] = amount or 0
    return found


def since(months):
    """The first moment of the first month (a datetime, so an index on the column can
    serve the range)."""
    return timezone.make_aware(datetime.combine(months[0], time.min))


def joins_and_departures(months):
    """({month: new members}, {month: departures}) from the status history."""
    changes = MembershipChange.objects.filter(applied=True, at__gte=since(months))
    joins = changes.filter(status=Status.ACTIVE, previous_status__in=NOT_MEMBER)
    departures = changes.filter(status__in=GONE, previous_status__in=Membership.ENTITLED)
    return _by_month(joins, "at"), _by_month(departures, "at")


def members_over_time(months, joins, departures):
    """Members at the end of each month: today's count, walked back by each later
    month's joins and departures."""
    current = Membership.objects.filter(status__in=Membership.ENTITLED).count()
    values = []
    count = current
    for month in reversed(months):
        values.append(count)
        count -= joins.get(month, 0) - departures.get(month, 0)
    return values[::-1]


def gifts_by_month(months):
    start = since(months)
    bought = _by_month(Gift.objects.filter(paid_at__gte=start), "paid_at")
    redeemed = _by_month(Gift.objects.filter(redeemed_at__gte=start), "redeemed_at")
    return bought, redeemed


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
