"""The demo newsroom's reading figures: a plausible 90-day history, so the analytics
dashboard and the most popular lists show something on the first run.

Rollups are inserted directly (no hits, no flush): each article is read mostly in the
three days after it is published (hour by hour, with a day-and-night rhythm), then a
little every day; a few stories are hits. Referrers, campaigns and devices are shared out
per day; signups and new members are credited to the articles readers came from. The
home page is viewed hour by hour with the same rhythm, each section once a day. Every
figure is invented; none describes a real reader. Called by the demo builder."""

import datetime
import math
import random

from django.db import transaction
from wagtail.models import Site

from masthead.analytics.models import ArticleDay, ArticleHour, Breakdown, Conversion, PageHour
from masthead.analytics.services import do_refresh_popular
from masthead.articles.models import ArticlePage, SectionPage

DAYS = 90
HOURLY_FOR = 72  # hours after publication with an hourly row
REFERRERS = [
    ("", 0.38),
    ("search.example", 0.24),
    ("social.example", 0.16),
    ("news-aggregator.example", 0.09),
    ("forum.example", 0.05),
    ("newsletter", 0.08),
]
CAMPAIGNS = ["morning-ledger", "birthday-drive", "long-read"]
DEVICES = [("mobile", 0.62), ("desktop", 0.31), ("tablet", 0.07)]
# Readers by hour of the day (UTC+2-ish newsroom audience): low at night, peaks at 8 and 20.
RHYTHM = [0.2, 0.12, 0.08, 0.06, 0.08, 0.2, 0.5, 0.9, 1.2, 1.1, 1.0, 1.0,
          1.1, 1.0, 0.9, 0.9, 1.0, 1.1, 1.3, 1.4, 1.3, 1.0, 0.7, 0.4]  # fmt: skip


def _share(total, shares, rng):
    """Split `total` over weighted names (at least the rounding goes somewhere)."""
    out, left = {}, total
    for name, weight in shares[:-1]:
        part = min(left, round(total * weight * rng.uniform(0.8, 1.2)))
        out[name], left = part, left - part
    out[shares[-1][0]] = left
    return out


def _figures(article, rng, hour, views):
    readers = max(1, round(views * rng.uniform(0.72, 0.86))) if views else 0
    timed = round(views * rng.uniform(0.55, 0.7))
    return ArticleHour(
        hour=hour,
        article_id=article,
        views=views,
        uniques=readers,
        timed=timed,
        reads=round(timed * rng.uniform(0.25, 0.6)),
        seconds=round(timed * rng.uniform(70, 190)),
    )


def _page_views(rng, start, now):
    """The home page hour by hour, each section once a day (at noon)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    home = site.root_page
    sections = list(SectionPage.objects.live().descendant_of(home).values_list("pk", flat=True))
    rows = []
    hour = start
    while hour <= now:
        views = round(140 * RHYTHM[hour.hour] * rng.uniform(0.7, 1.3))
        if views:
            rows.append(PageHour(hour=hour, page_id=home.pk, views=views,
                                 uniques=max(1, round(views * rng.uniform(0.6, 0.75)))))  # fmt: skip
        if hour.hour == 12:
            for section in sections:
                views = round(rng.lognormvariate(4, 0.6))
                rows.append(PageHour(hour=hour, page_id=section, views=views,
                                     uniques=round(views * rng.uniform(0.7, 0.9))))  # fmt: skip
        hour += datetime.timedelta(hours=1)
    return rows


def ensure(now, seed=18):
    """Insert the history unless there are figures already; returns rows inserted."""
    if ArticleHour.objects.exists():
        return 0
    rng = random.Random(seed)
    now = now.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    start = now - datetime.timedelta(days=DAYS)
    articles = list(
        ArticlePage.objects.live()
        .filter(published_at__isnull=False)
        .values_list("pk", "published_at")
    )
    hours, days, breakdown = [], {}, []
    weights = {}
    for pk, published in articles:
        published = max(published.astimezone(datetime.UTC), start)
        # Most stories find a few hundred readers; one in ten finds thousands.
        appeal = rng.lognormvariate(4.6, 0.9) * (6 if rng.random() < 0.1 else 1)
        weights[pk] = appeal
        first = published.replace(minute=0, second=0, microsecond=0)
        for n in range(HOURLY_FOR):
            hour = first + datetime.timedelta(hours=n)
            if hour > now:
                break
            views = round(appeal * math.exp(-n / 16) * RHYTHM[hour.hour] * rng.uniform(0.7, 1.3))
            if views:
                hours.append(_figures(pk, rng, hour, views))
        day = (first + datetime.timedelta(hours=HOURLY_FOR)).replace(hour=12)
        if day < first + datetime.timedelta(hours=HOURLY_FOR):
            day += datetime.timedelta(days=1)
        while day <= now:
            age = (day - published).days
            views = round(appeal * (0.6 * math.exp(-age / 6) + 0.04) * rng.uniform(0.5, 1.5))
            if views:
                hours.append(_figures(pk, rng, day, views))
            day += datetime.timedelta(days=1)
    for row in hours:
        key = (row.hour.date(), row.article_id)
        days[key] = days.get(key, 0) + row.uniques
        if row.views >= 5:
            parts = _share(row.views, REFERRERS, rng)
            for name, count in parts.items():
                if name == "newsletter" and count:
                    breakdown.append(Breakdown(hour=row.hour, article_id=row.article_id, kind="c",
                                               value=rng.choice(CAMPAIGNS), views=count))  # fmt: skip
                elif name and count:
                    breakdown.append(Breakdown(hour=row.hour, article_id=row.article_id, kind="r",
                                               value=name, views=count))  # fmt: skip
            for name, count in _share(row.views, DEVICES, rng).items():
                if count:
                    breakdown.append(Breakdown(hour=row.hour, article_id=row.article_id, kind="d",
                                               value=name, views=count))  # fmt: skip
    conversions = []
    ids = list(weights)
    for n in range(DAYS * 4):
        at = start + datetime.timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        source = (
            rng.choices(ids, weights=[weights[i] for i in ids])[0]
            if ids and rng.random() < 0.7
            else None
        )
        referrer = rng.choices([r for r, _ in REFERRERS], weights=[w for _, w in REFERRERS])[0]
        conversions.append(
            Conversion(
                at=at,
                kind=rng.choices(
                    ["signup", "membership", "donation", "gift"], weights=[60, 25, 10, 5]
                )[0],
                article_id=source,
                referrer="" if referrer == "newsletter" else referrer,
                campaign=rng.choice(CAMPAIGNS) if referrer == "newsletter" else "",
                ref=f"demo:{n}",
            )
        )
    pages = _page_views(rng, start, now)
    with transaction.atomic():
        PageHour.objects.bulk_create(pages, batch_size=2000)
        ArticleHour.objects.bulk_create(hours, batch_size=2000)
        ArticleDay.objects.bulk_create(
            [ArticleDay(day=d, article_id=a, uniques=u) for (d, a), u in days.items()],
            batch_size=2000,
        )
        Breakdown.objects.bulk_create(breakdown, batch_size=2000)
        Conversion.objects.bulk_create(conversions, batch_size=2000)
    do_refresh_popular()
    return len(hours) + len(days) + len(breakdown) + len(conversions) + len(pages)
