"""Every write of analytics: the flush of buffered hits into hourly figures, the most
popular lists, pruning, conversions.

`do_flush` is safe to run twice and at the same time as itself: each buffer segment is
counted in one transaction that also records its name (`FlushedSegment`, unique), and
deleted only after that commit (buffer.py). A failure (the database is down) leaves the
segment for the next flush; a segment already recorded is deleted without being counted.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from masthead.articles.models import ArticlePage
from masthead.core import fragments, pagecache

from . import buffer, nginxlog, queries, salt
from .models import (
    ArticleDay,
    ArticleHour,
    Breakdown,
    Conversion,
    FlushedSegment,
    PageHour,
    Seen,
)
from .widgets import POPULAR_KEY

logger = logging.getLogger(__name__)

POPULAR_PURGED_KEY = "analytics:popular-purged"
FLUSH_LOCK_KEY = "analytics:flush-lock"


def _hour(epoch):
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)


@dataclass
class Tally:
    """One segment's counts, keyed by (hour epoch, article id)."""

    views: dict = field(default_factory=lambda: defaultdict(int))
    timed: dict = field(default_factory=lambda: defaultdict(int))
    reads: dict = field(default_factory=lambda: defaultdict(int))
    seconds: dict = field(default_factory=lambda: defaultdict(int))
    breakdown: dict = field(default_factory=lambda: defaultdict(int))  # + (kind, value)
    visitors: dict = field(default_factory=lambda: defaultdict(set))  # segments of hits
    # Other pages' views (home, sections…), keyed by (hour epoch, page id), and readers.
    pages: dict = field(default_factory=lambda: defaultdict(int))
    page_visitors: dict = field(default_factory=lambda: defaultdict(set))  # segments of hits
    hits: int = 0

    def keys(self):
        return set(self.views) | set(self.timed)

    @classmethod
    def from_hits(cls, hits):
        tally = cls()
        for hit in hits:
            tally.hits += 1
            key = (buffer.hour_of(hit.at), hit.article)
            if hit.kind == "p":
                tally.pages[key] += 1
                if hit.visitor:
                    tally.page_visitors[key].add(hit.visitor)
            elif hit.kind == "v":
                tally.views[key] += 1
                if hit.visitor:
                    tally.visitors[key].add(hit.visitor)
                for kind, value in (
                    ("r", hit.ref),
                    ("c", hit.utm),
                    ("d", hit.device),
                    ("g", hit.country),
                ):
                    if value:
                        tally.breakdown[(*key, kind, value)] += 1
            else:
                tally.timed[key] += 1
                tally.reads[key] += hit.read
                tally.seconds[key] += hit.seconds
        return tally

    @classmethod
    def from_counters(cls, counters):
        tally = cls()
        targets = {
            "v": tally.views,
            "e": tally.timed,
            "rt": tally.reads,
            "s": tally.seconds,
            "p": tally.pages,
        }
        for name, count in counters.items():
            parts = name.split("\t")
            try:
                key = (int(parts[1]), int(parts[2]))
            except (IndexError, ValueError):
                continue
            if parts[0] == "b" and len(parts) == 5:
                tally.breakdown[(*key, parts[3], parts[4])] += count
            elif parts[0] in targets:
                targets[parts[0]][key] += count
                tally.hits += count if parts[0] in ("v", "e", "p") else 0
        return tally

    def only(self, articles, pages):
        """Drop what is not about an existing article, or an existing page that is not
        an article (a forged or deleted id)."""
        for counts in (self.views, self.timed, self.reads, self.seconds, self.visitors):
            for key in [k for k in counts if k[1] not in articles]:
                del counts[key]
        for key in [k for k in self.breakdown if k[1] not in articles]:
            del self.breakdown[key]
        for counts in (self.pages, self.page_visitors):
            for key in [k for k in counts if k[1] not in pages]:
                del counts[key]


@dataclass
class FlushReport:
    segments: int = 0
    hits: int = 0
    skipped: int = 0  # segments already counted (deleted after an earlier commit)
    failed: int = 0
    popular_changed: bool = False


def do_flush(everything=False, now=None):
    """Count every closed buffer segment into the hourly figures, prune, refresh the most
    popular lists. `everything` also takes the segments still being written (tests, the
    bench, `manage.py flush_analytics --all`). Returns a FlushReport."""
    report = FlushReport()
    store = buffer.current()
    if not cache.add(FLUSH_LOCK_KEY, 1, timeout=600):
        logger.info("analytics: a flush is already running")
        return report
    try:
        # the app's own buffer, then what nginx logged (nginxlog.py): any order is right
        for segment in [*store.segments(everything=everything), *nginxlog.segments(everything)]:
            try:
                counted = _count_segment(store, segment)
            except Exception:
                # Kept for the next flush: nothing was committed for it.
                logger.exception("analytics: segment %s not counted; kept", segment.name)
                report.failed += 1
                break
            segment.discard()  # after the commit: a crash here leaves a recorded segment
            report.segments += counted is not None
            report.skipped += counted is None
            report.hits += counted or 0
        if not report.failed:
            do_prune(now=now)
            report.popular_changed = do_refresh_popular(now=now)
    finally:
        cache.delete(FLUSH_LOCK_KEY)
    if report.hits:
        logger.info("analytics: counted %d hits from %d segments", report.hits, report.segments)
    return report


def _count_segment(store, segment):
    """Count one segment in one transaction. The hits counted, or None if it was already.

    A segment of counters (Redis) has its readers in Redis already; a segment of hits
    (the file buffer, nginx's log) brings its readers' hashes: into the HyperLogLogs when
    the buffer is Redis (PFADD: adding them twice changes nothing), else into `Seen`."""
    counted_by_redis = hasattr(segment, "counters")
    tally = (
        Tally.from_counters(segment.counters())
        if counted_by_redis
        else Tally.from_hits(segment.hits())
    )
    ids = {article for _, article in tally.keys()}
    articles = set(ArticlePage.objects.filter(pk__in=ids).values_list("pk", flat=True))
    page_ids = {page for _, page in tally.pages}
    pages = set(
        Page.objects.filter(pk__in=page_ids)
        .exclude(pk__in=ArticlePage.objects.filter(pk__in=page_ids).values("pk"))
        .values_list("pk", flat=True)
    ) if page_ids else set()  # fmt: skip
    tally.only(articles, pages)
    if store.kind == "redis":
        if not counted_by_redis:
            store.add_readers(tally)
        unique_counts = _redis_uniques(store, tally)
        page_uniques = _redis_page_uniques(store, tally)
    else:
        unique_counts = page_uniques = None
    try:
        with transaction.atomic():
            FlushedSegment.objects.create(name=segment.name)
            _add_hours(tally)
            _add_breakdown(tally)
            _add_page_hours(tally)
            if unique_counts is None:
                unique_counts = _seen_uniques(tally)
                page_uniques = _seen_page_uniques(tally)
            _set_uniques(*unique_counts)
            _set_page_uniques(page_uniques)
    except IntegrityError:
        if FlushedSegment.objects.filter(name=segment.name).exists():
            return None
        raise
    return tally.hits


def _add_hours(tally):
    keys = tally.keys()
    if not keys:
        return
    hours = {_hour(hour) for hour, _ in keys}
    existing = {
        (int(row.hour.timestamp()), row.article_id): row
        for row in ArticleHour.objects.select_for_update().filter(
            hour__in=hours, article_id__in={a for _, a in keys}
        )
    }
    new, changed = [], []
    for key in keys:
        row = existing.get(key)
        if row is None:
            row = ArticleHour(hour=_hour(key[0]), article_id=key[1])
            new.append(row)
        else:
            changed.append(row)
        row.views += tally.views.get(key, 0)
        row.timed += tally.timed.get(key, 0)
        row.reads += tally.reads.get(key, 0)
        row.seconds += tally.seconds.get(key, 0)
    ArticleHour.objects.bulk_update(changed, ["views", "timed", "reads", "seconds"], batch_size=500)
    ArticleHour.objects.bulk_create(new, batch_size=500)


def _add_page_hours(tally):
    if not tally.pages:
        return
    keys = tally.pages
    existing = {
        (int(row.hour.timestamp()), row.page_id): row
        for row in PageHour.objects.select_for_update().filter(
            hour__in={_hour(hour) for hour, _ in keys}, page_id__in={p for _, p in keys}
        )
    }
    new, changed = [], []
    for key, views in keys.items():
        row = existing.get(key)
        if row is None:
            new.append(PageHour(hour=_hour(key[0]), page_id=key[1], views=views))
        else:
            row.views += views
            changed.append(row)
    PageHour.objects.bulk_update(changed, ["views"], batch_size=500)
    PageHour.objects.bulk_create(new, batch_size=500)


def _add_breakdown(tally):
    if not tally.breakdown:
        return
    keys = tally.breakdown
    existing = {
        (int(row.hour.timestamp()), row.article_id, row.kind, row.value): row
        for row in Breakdown.objects.select_for_update().filter(
            hour__in={_hour(k[0]) for k in keys}, article_id__in={k[1] for k in keys}
        )
    }
    new, changed = [], []
    for key, views in keys.items():
        row = existing.get(key)
        if row is None:
            new.append(
                Breakdown(
                    hour=_hour(key[0]), article_id=key[1], kind=key[2], value=key[3], views=views
                )
            )
        else:
            row.views += views
            changed.append(row)
    Breakdown.objects.bulk_update(changed, ["views"], batch_size=500)
    Breakdown.objects.bulk_create(new, batch_size=500)


def _redis_uniques(store, tally):
    """Readers per touched hour and day from the HyperLogLogs (values, not increments)."""
    hours = sorted(tally.views)
    days = sorted({(hour // 86400 * 86400, article) for hour, article in hours})
    counts = store.uniques(
        [store.hll_hour(h, a) for h, a in hours] + [store.hll_day(d, a) for d, a in days]
    )
    return dict(zip(hours, counts[: len(hours)], strict=True)), dict(
        zip(days, counts[len(hours) :], strict=True)
    )


def _redis_page_uniques(store, tally):
    keys = sorted(tally.pages)
    return dict(zip(keys, store.uniques([store.hll_page_hour(h, p) for h, p in keys]), strict=True))


def _seen_page_uniques(tally):
    """Readers per touched page hour through `Seen` (page ids never collide with article
    ids: both are Wagtail page ids)."""
    Seen.objects.bulk_create(
        [
            Seen(hour=_hour(hour), article_id=page, visitor=visitor)
            for (hour, page), visitors in tally.page_visitors.items()
            for visitor in visitors
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return {
        (hour, page): Seen.objects.filter(hour=_hour(hour), article_id=page).count()
        for hour, page in tally.page_visitors
    }


def _set_page_uniques(hours):
    for (hour, page), count in hours.items():
        PageHour.objects.filter(hour=_hour(hour), page_id=page, uniques__lt=count).update(
            uniques=count
        )


def _seen_uniques(tally):
    """Readers per touched hour and day through `Seen` (the file buffer): add this
    segment's visitors, then count the distinct ones (inside the segment's transaction)."""
    rows = [
        Seen(hour=_hour(hour), article_id=article, visitor=visitor)
        for (hour, article), visitors in tally.visitors.items()
        for visitor in visitors
    ]
    Seen.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    hours, days = {}, {}
    for hour, article in tally.visitors:
        hours[(hour, article)] = Seen.objects.filter(hour=_hour(hour), article_id=article).count()
        day = hour // 86400 * 86400
        if (day, article) not in days:
            days[(day, article)] = (
                Seen.objects.filter(
                    article_id=article, hour__gte=_hour(day), hour__lt=_hour(day + 86400)
                )
                .values("visitor")
                .distinct()
                .count()
            )
    return hours, days


def _set_uniques(hours, days):
    """Set the readers (never lower them: a late segment after the prune sees fewer)."""
    for (hour, article), count in hours.items():
        ArticleHour.objects.filter(hour=_hour(hour), article_id=article, uniques__lt=count).update(
            uniques=count
        )
    for (day, article), count in days.items():
        date = _hour(day).date()
        row, created = ArticleDay.objects.get_or_create(
            day=date, article_id=article, defaults={"uniques": count}
        )
        if not created and row.uniques < count:
            ArticleDay.objects.filter(pk=row.pk).update(uniques=count)


def do_prune(now=None):
    """Delete what must not outlive its day: the readers' hashes (`Seen`) and salts of
    days before today, and the names of segments counted more than two days ago."""
    now = now or timezone.now()
    today = now.astimezone(datetime.UTC).date()
    start = datetime.datetime.combine(today, datetime.time(), datetime.UTC)
    Seen.objects.filter(hour__lt=start).delete()
    FlushedSegment.objects.filter(flushed_at__lt=now - datetime.timedelta(days=2)).delete()
    salt.forget_before(today)


def do_refresh_popular(now=None):
    """Recompute the most popular lists; when they changed, keep them and bump only the
    `popular` fragment tag (and purge the home page, at most every
    ANALYTICS_POPULAR_PURGE_EVERY seconds). Returns whether they changed."""
    lists = queries.compute_popular(now=now)
    if cache.get(POPULAR_KEY) == lists:
        return False
    cache.set(POPULAR_KEY, lists, timeout=None)
    fragments.bump_tags("popular")
    if cache.add(POPULAR_PURGED_KEY, 1, timeout=settings.ANALYTICS_POPULAR_PURGE_EVERY):
        pagecache.purge(queries.home_urls())
    return True


def do_record_conversion(kind, source, *, amount=None, currency="", ref="", at=None):
    """Store a conversion with its source (attribution.conversion's receiver). The same
    owner record (`ref`) is stored once. Returns the Conversion, or None for a repeat."""
    article_id = source.get("article")
    if article_id and not ArticlePage.objects.filter(pk=article_id).exists():
        article_id = None
    try:
        with transaction.atomic():
            return Conversion.objects.create(
                at=at or timezone.now(),
                kind=kind,
                article_id=article_id,
                referrer=source.get("ref", "")[:100],
                campaign=source.get("utm", "")[:100],
                amount=amount,
                currency=(currency or "")[:3],
                ref=(ref or "")[:100],
            )
    except IntegrityError:
        return None
