"""Reads of analytics: most popular, the dashboard's figures, one article's figures.

Who sees what: editors (superusers, the Editors group, or `analytics.view_all_figures`)
see every article and the other pages (home, sections…); anyone else in the admin sees
the articles whose byline links to their account (`AuthorPage.user`).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from wagtail.models import Site

from masthead.articles.models import ArticleAuthor, ArticlePage
from masthead.members import campaigns

from .models import ArticleDay, ArticleHour, Breakdown, Conversion, PageHour

EDITORS_GROUP = "Editors"


def compute_popular(now=None, size=None):
    """{"day": ids by readers in the last 24 hours, "week": by readers in the last 7
    days}, live articles only. A reader is counted once an hour (day list) or once a
    day (week list): the salt changes daily, so nothing links a reader across days."""
    now = now or timezone.now()
    size = size or settings.ANALYTICS_POPULAR_SIZE
    day = (
        ArticleHour.objects.filter(hour__gt=now - datetime.timedelta(hours=24), article__live=True)
        .values("article_id")
        .annotate(readers=Sum("uniques"), seen=Sum("views"))
        .filter(readers__gt=0)
        .order_by("-readers", "-seen", "-article_id")[:size]
    )
    week = (
        ArticleDay.objects.filter(
            day__gte=(now - datetime.timedelta(days=6)).date(), article__live=True
        )
        .values("article_id")
        .annotate(readers=Sum("uniques"))
        .filter(readers__gt=0)
        .order_by("-readers", "-article_id")[:size]
    )
    return {
        "day": [row["article_id"] for row in day],
        "week": [row["article_id"] for row in week],
    }


def home_urls():
    return [site.root_url + "/" for site in Site.objects.all() if site.root_url]


def sees_everything(user):
    return bool(
        user.is_superuser
        or user.has_perm("analytics.view_all_figures")
        or user.groups.filter(name=EDITORS_GROUP).exists()
    )


def visible_articles(user):
    """Article ids this user may see figures of; None means every article."""
    if sees_everything(user):
        return None
    return set(ArticleAuthor.objects.filter(author__user=user).values_list("article_id", flat=True))


def _scoped(queryset, articles, field="article_id"):
    return queryset if articles is None else queryset.filter(**{f"{field}__in": articles})


@dataclass
class Period:
    start: datetime.datetime
    end: datetime.datetime

    @classmethod
    def last_days(cls, days, now=None):
        now = now or timezone.now()
        end = now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
        return cls(end - datetime.timedelta(days=days), end)

    def days(self):
        first = self.start.date()
        count = (self.end.date() - first).days + (1 if self.end.time() != datetime.time() else 0)
        return [first + datetime.timedelta(days=n) for n in range(max(count, 1))]


def daily_series(period, articles=None):
    """[(day, views, readers)] for every day of the period (zeros included)."""
    views = dict(
        _scoped(ArticleHour.objects.filter(hour__gte=period.start, hour__lt=period.end), articles)
        .values_list("hour__date")
        .annotate(v=Sum("views"))
        .values_list("hour__date", "v")
    )
    readers = dict(
        _scoped(
            ArticleDay.objects.filter(day__gte=period.start.date(), day__lte=period.end.date()),
            articles,
        )
        .values_list("day")
        .annotate(u=Sum("uniques"))
        .values_list("day", "u")
    )
    return [(day, views.get(day, 0), readers.get(day, 0)) for day in period.days()]


def totals(period, articles=None):
    found = _scoped(
        ArticleHour.objects.filter(hour__gte=period.start, hour__lt=period.end), articles
    ).aggregate(
        views=Sum("views"), readers=Sum("uniques"), reads=Sum("reads"), timed=Sum("timed"),
        seconds=Sum("seconds"),
    )  # fmt: skip
    return {key: value or 0 for key, value in found.items()}


def top_articles(period, articles=None, limit=20):
    """[{article, title, views, readers, reads, timed, seconds, read_rate, avg_seconds}]."""
    rows = list(
        _scoped(ArticleHour.objects.filter(hour__gte=period.start, hour__lt=period.end), articles)
        .values("article_id", "article__title")
        .annotate(
            views_=Sum("views"),
            readers=Sum("uniques"),
            reads_=Sum("reads"),
            timed_=Sum("timed"),
            seconds_=Sum("seconds"),
        )  # fmt: skip
        .order_by("-readers", "-views_")[:limit]
    )
    return [_article_row(row) for row in rows]


def _article_row(row):
    timed = row["timed_"] or 0
    return {
        "article_id": row["article_id"],
        "title": row["article__title"],
        "views": row["views_"] or 0,
        "readers": row["readers"] or 0,
        "reads": row["reads_"] or 0,
        "read_rate": round(100 * (row["reads_"] or 0) / timed) if timed else None,
        "avg_seconds": round((row["seconds_"] or 0) / timed) if timed else None,
    }


def page_totals(period):
    """Views and readers (per hour, summed) of the reader pages that are not articles."""
    found = PageHour.objects.filter(hour__gte=period.start, hour__lt=period.end).aggregate(
        views=Sum("views"), readers=Sum("uniques")
    )
    return {key: value or 0 for key, value in found.items()}


def page_daily_views(period):
    """{day: views} of the pages that are not articles."""
    return dict(
        PageHour.objects.filter(hour__gte=period.start, hour__lt=period.end)
        .values_list("hour__date")
        .annotate(v=Sum("views"))
        .values_list("hour__date", "v")
    )


def top_pages(period, limit=10):
    """[{page_id, name, url_path, views, readers}]: the home page, sections, authors'
    pages… (every reader page that is not an article) by readers."""
    rows = (
        PageHour.objects.filter(hour__gte=period.start, hour__lt=period.end)
        .values("page_id", "page__title")
        .annotate(views_=Sum("views"), readers=Sum("uniques"))
        .order_by("-readers", "-views_", "page_id")[:limit]
    )
    return [
        {"page_id": row["page_id"], "name": row["page__title"], "views": row["views_"] or 0,
         "readers": row["readers"] or 0}
        for row in rows
    ]  # fmt: skip


def top_sections(period, articles=None, limit=10):
    """Views and readers by section (an article's parent page)."""
    rows = list(
        _scoped(ArticleHour.objects.filter(hour__gte=period.start, hour__lt=period.end), articles)
        .values("article_id")
        .annotate(views_=Sum("views"), readers=Sum("uniques"))
    )
    parents = {
        page.pk: page.get_parent().title
        for page in ArticlePage.objects.filter(pk__in=[row["article_id"] for row in rows]).only(
            "path", "depth"
        )
    }
    return _group(rows, lambda row: parents.get(row["article_id"]), limit)


def top_authors(period, articles=None, limit=10):
    rows = list(
        _scoped(ArticleHour.objects.filter(hour__gte=period.start, hour__lt=period.end), articles)
        .values("article__article_authors__author__title")
        .annotate(views_=Sum("views"), readers=Sum("uniques"))
        .order_by("-readers", "-views_")[:limit]
    )
    return [
        {"name": row["article__article_authors__author__title"], "views": row["views_"] or 0,
         "readers": row["readers"] or 0}
        for row in rows
        if row["article__article_authors__author__title"]
    ]  # fmt: skip


def _group(rows, name_of, limit):
    grouped = {}
    for row in rows:
        name = name_of(row)
        if name is None:
            continue
        entry = grouped.setdefault(name, {"name": name, "views": 0, "readers": 0})
        entry["views"] += row["views_"] or 0
        entry["readers"] += row["readers"] or 0
    return sorted(grouped.values(), key=lambda e: (-e["readers"], -e["views"]))[:limit]


def top_values(period, kind, articles=None, limit=10):
    """[(value, views)] of one breakdown (referrers, campaigns, devices, countries)."""
    return list(
        _scoped(
            Breakdown.objects.filter(kind=kind, hour__gte=period.start, hour__lt=period.end),
            articles,
        )
        .values("value")
        .annotate(views=Sum("views"))
        .order_by("-views", "value")
        .values_list("value", "views")[:limit]
    )


def conversions_by_article(period, articles=None, limit=20):
    """[{article_id, title, signup, membership, donation, gift}] by source article."""
    kinds = [kind for kind, _ in Conversion.Kind.choices]
    rows = (
        _scoped(Conversion.objects.filter(at__gte=period.start, at__lt=period.end), articles)
        .values("article_id", "article__title")
        .annotate(total=Count("id"), **{kind: Count("id", filter=Q(kind=kind)) for kind in kinds})
        .order_by("-total")[:limit]
    )
    return list(rows)


def conversions_by(period, field, articles=None, limit=10):
    """[{value, total, <kind>…}] by referrer or campaign."""
    kinds = [kind for kind, _ in Conversion.Kind.choices]
    return list(
        _scoped(Conversion.objects.filter(at__gte=period.start, at__lt=period.end), articles)
        .values(value=F(field))
        .annotate(total=Count("id"), **{kind: Count("id", filter=Q(kind=kind)) for kind in kinds})
        .order_by("-total")[:limit]
    )


def article_figures(article_id, days=30, now=None):
    """One article's figures: the last 24 hours, the period and its daily series."""
    period = Period.last_days(days, now)
    day = Period.last_days(1, now)
    labels = dict(Conversion.Kind.choices)
    conversions = {
        labels.get(kind, kind): count
        for kind, count in Conversion.objects.filter(article_id=article_id, at__gte=period.start)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    }
    return {
        "day": totals(day, {article_id}),
        "period": totals(period, {article_id}),
        "days": days,
        "series": daily_series(period, {article_id}),
        "conversions": conversions,
        "referrers": top_values(period, Breakdown.Kind.REFERRER, {article_id}, limit=5),
    }


def campaign_progress():
    """The fundraising campaigns showing now (members' campaigns: running, or just ended
    with their final figures), for the dashboard: one query. Each item: {"name",
    "count", "goal" (display strings: people or money), "percent", "days_left",
    "ended"}. Their progress by day is charted in the funding reports."""
    return [
        {
            "name": progress.title,
            "count": progress.current_display,
            "goal": progress.goal_display,
            "percent": progress.percent,
            "days_left": progress.days_left,
            "ended": progress.ended,
        }
        for progress in campaigns.current_progress()
    ]
