"""Campaign progress and the supporter total: counted as things happen, shown from the
fragment cache.

Counting. Every change that counts calls one of the `count_*` functions inside its own
transaction: a membership becoming active (a MembershipChange row, see `ready()`), a
donation or a gift recorded by payments (`do_count_donation`, `do_count_gift`). Each
inserts a row with a unique key (`Supporter.email`, `CampaignEntry(campaign, key)`) and
bumps the counter with F() only when the row is new, so a replayed webhook, a second join
or two deliveries at once count once, and a rolled-back payment counts nothing. After
commit, only the tags of what changed are bumped: `supporters` and `campaign:<id>`.

Showing. The widgets are fragments keyed by those tags (0 queries when warm), in slots
`article.membership` and `home.membership`, on the membership page, and in the per-reader
part `funding` (data for anonymous readers too), which refreshes the count on pages the
page cache kept for minutes: a payment shows on every page within seconds.
"""

import logging
import operator
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from types import SimpleNamespace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html_join

from masthead.core import fragments

from .models import Campaign, CampaignEntry, FundingCounter, Membership, Supporter

logger = logging.getLogger(__name__)

SUPPORTERS = "supporters"
CAMPAIGNS_TAG = "campaigns"  # the list of campaigns to show (an editor saved one)


def campaign_tag(campaign_id):
    return f"campaign:{campaign_id}"


# --- counting (call inside the transaction of the change that counts) ------------------


def _bump_after_commit(*tags):
    """After commit: bump the tags, then compute their fragments again at once, so the
    per-reader part (which only reads them) and every page find the new figures warm."""
    tags = tuple(tags)

    def bump_and_warm():
        fragments.bump_tags(*tags)
        warm(tags)

    transaction.on_commit(bump_and_warm, robust=True)


def warm(tags):
    shared = SimpleNamespace(_masthead_is_staff=False)
    if SUPPORTERS in tags:
        cached_supporter_total(shared)
    shown = set(shown_campaigns(shared))
    for tag in tags:
        kind, _, pk = tag.partition(":")
        if kind == "campaign" and pk.isdigit() and int(pk) in shown:
            render_meter(shared, int(pk))


def _insert_once(model, **fields):
    """Insert a row; False when its unique key is already there (nothing written)."""
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def _add_to_counter(name, amount):
    updated = FundingCounter.objects.filter(name=name).update(value=F("value") + amount)
    if not updated and not _insert_once(FundingCounter, name=name, value=amount):
        FundingCounter.objects.filter(name=name).update(value=F("value") + amount)


MONTH_PREFIX = "month:"
MEMBERS = "members"  # readers who are members now (active or in their grace period)


def month_key(kind, at):
    """The counter of `kind` in the month of `at` ("month:joins:2026-12"): the reports
    read a year of them in one query instead of scanning the history."""
    return f"{MONTH_PREFIX}{kind}:{timezone.localtime(at):%Y-%m}"


def count_month(kind, at, amount=1):
    if amount:
        _add_to_counter(month_key(kind, at or timezone.now()), amount)


def _person(email):
    return (email or "").strip().lower()


def count_supporter(email, kind, at=None):
    """Count this address in the all-time supporter total, once ever."""
    email = _person(email)
    if not email:
        return False
    if not _insert_once(Supporter, email=email, kind=kind, first_at=at or timezone.now()):
        return False
    _add_to_counter(SUPPORTERS, 1)
    _bump_after_commit(SUPPORTERS)
    return True


def _running(at, kinds):
    return Campaign.objects.filter(starts_at__lte=at, ends_at__gt=at, goal_kind__in=kinds)


def count_campaigns(*, at, kinds, key, amount=1, currency=None):
    """Add to every campaign running at `at` whose goal is one of `kinds` (an amount
    only in its own currency), once per campaign and `key`."""
    bumped = []
    for campaign in _running(at, kinds).only("pk", "goal_kind", "currency"):
        if campaign.is_amount and campaign.currency != (currency or "").lower():
            continue
        if _insert_once(CampaignEntry, campaign=campaign, key=key, amount=amount, at=at):
            Campaign.objects.filter(pk=campaign.pk).update(count=F("count") + amount)
            bumped.append(campaign_tag(campaign.pk))
    if bumped:
        _bump_after_commit(*bumped)
    return len(bumped)


def count_join(email, at=None):
    """A reader became a member (first time, or back after lapsing)."""
    at = at or timezone.now()
    count_supporter(email, Supporter.Kind.MEMBER, at)
    person = _person(email)
    if person:
        count_campaigns(
            at=at, kinds=[Campaign.Goal.MEMBERS, Campaign.Goal.SUPPORTERS], key=f"person:{person}"
        )


def count_money(*, key, amount, currency, at=None):
    """Money received (a donation, a gift, a membership payment): amount campaigns."""
    if amount:
        count_campaigns(
            at=at or timezone.now(),
            kinds=[Campaign.Goal.AMOUNT],
            key=f"money:{key}",
            amount=amount,
            currency=currency,
        )


@transaction.atomic
def do_count_donation(*, email, key, amount, currency, at=None, monthly=False):
    """A donation payments recorded, once: a supporter, money, the month's figures."""
    at = at or timezone.now()
    count_month(f"donated:{currency}", at, amount)
    count_month(f"donations:{currency}", at)
    if monthly:
        count_month(f"recurring:{currency}", at, amount)
    count_supporter(email, Supporter.Kind.DONOR, at)
    person = _person(email)
    if person:
        count_campaigns(at=at, kinds=[Campaign.Goal.SUPPORTERS], key=f"person:{person}")
    count_money(key=key, amount=amount, currency=currency, at=at)


@transaction.atomic
def do_count_payment(*, key, amount, currency, at=None, recurring=False):
    """A membership payment payments recorded, once: money (the join counts the
    person); a subscription's invoice is recurring revenue."""
    count_money(key=key, amount=amount, currency=currency, at=at)
    if recurring:
        count_month(f"recurring:{currency}", at, amount)


def membership_change_saved(sender, instance, created, **kwargs):
    """post_save of MembershipChange, inside the change's own transaction: a change
    that made a reader a member counts them (campaigns, supporters, the month's joins,
    the member count); one that ended a membership counts a departure."""
    if not created or not instance.applied:
        return
    entitled = Membership.ENTITLED
    became = instance.status in entitled and instance.previous_status not in entitled
    left = instance.status not in entitled and instance.previous_status in entitled
    at = instance.at or timezone.now()
    if became:
        email = (
            Membership.objects.filter(pk=instance.membership_id)
            .values_list("user__email", flat=True)
            .first()
        )
        count_join(email, at)
        count_month("joins", at)
        _add_to_counter(MEMBERS, 1)
    elif left:
        count_month("departures", at)
        _add_to_counter(MEMBERS, -1)


def campaign_saved(sender, instance, **kwargs):
    tags = (CAMPAIGNS_TAG, campaign_tag(instance.pk))
    transaction.on_commit(lambda: fragments.bump_tags(*tags))


# --- recount (a repair; never on a page view) ------------------------------------------


@transaction.atomic
def do_recount(campaign_ids=None):
    """Set every counter again from its rows: the supporter total from `Supporter`
    (adding every reader who ever held a membership), each campaign's count from its
    entries. Idempotent; for installs that had members before counting began, and
    after repairs by hand (`manage.py recount_funding`)."""
    now = timezone.now()
    known = set(Supporter.objects.values_list("email", flat=True))
    missing = []
    for email, started in Membership.objects.values_list("user__email", "started_at").iterator():
        person = _person(email)
        if person and person not in known:
            known.add(person)
            missing.append(Supporter(email=person, kind=Supporter.Kind.MEMBER, first_at=started))
    Supporter.objects.bulk_create(missing, batch_size=5000, ignore_conflicts=True)
    total = Supporter.objects.count()
    FundingCounter.objects.update_or_create(name=SUPPORTERS, defaults={"value": total})
    _recount_months()
    campaigns = Campaign.objects.all()
    if campaign_ids is not None:
        campaigns = campaigns.filter(pk__in=campaign_ids)
    tags = [SUPPORTERS]
    for campaign in campaigns:
        count = sum(campaign.entries.values_list("amount", flat=True))
        Campaign.objects.filter(pk=campaign.pk).update(count=count)
        tags.append(campaign_tag(campaign.pk))
    _bump_after_commit(*tags)
    logger.info("recounted: %s supporters at %s", total, now)
    return total


def replace_month_counters(kinds, rows):
    """Set the month counters of `kinds` to `rows` ({(kind, month start): value})."""
    names = [Q(name__startswith=f"{MONTH_PREFIX}{kind}:") for kind in kinds]
    if names:
        FundingCounter.objects.filter(reduce(operator.or_, names)).delete()
    FundingCounter.objects.bulk_create(
        [
            FundingCounter(name=f"{MONTH_PREFIX}{kind}:{month:%Y-%m}", value=value)
            for (kind, month), value in rows.items()
            if value
        ],
        batch_size=1000,
    )


def _recount_months():
    """The member count, joins and departures by month, and gifts bought and redeemed
    by month, from the history (a scan: a repair, never a page view)."""
    from .models import Gift, MembershipChange

    entitled = Membership.ENTITLED
    changes = MembershipChange.objects.filter(applied=True)
    joined = changes.filter(status__in=entitled).exclude(previous_status__in=entitled)
    left = changes.filter(previous_status__in=entitled).exclude(status__in=entitled)
    rows = {}
    for kind, queryset, field in (
        ("joins", joined, "at"),
        ("departures", left, "at"),
        ("gifts_bought", Gift.objects.exclude(paid_at=None), "paid_at"),
        ("gifts_redeemed", Gift.objects.exclude(redeemed_at=None), "redeemed_at"),
    ):
        grouped = (
            queryset.annotate(month=TruncMonth(field))
            .values("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )
        for month, n in grouped:
            rows[(kind, month)] = n
    replace_month_counters(["joins", "departures", "gifts_bought", "gifts_redeemed"], rows)
    members = Membership.objects.filter(status__in=entitled).count()
    FundingCounter.objects.update_or_create(name=MEMBERS, defaults={"value": members})


def month_counters(kinds, months):
    """{kind: {month start: value}} for these kinds and months, in one query."""
    names = {month_key_for(kind, month): (kind, month) for kind in kinds for month in months}
    found = {kind: {} for kind in kinds}
    for name, value in FundingCounter.objects.filter(name__in=list(names)).values_list(
        "name", "value"
    ):
        kind, month = names[name]
        found[kind][month] = value
    return found


def month_key_for(kind, month):
    return f"{MONTH_PREFIX}{kind}:{month:%Y-%m}"


def member_count():
    value = FundingCounter.objects.filter(name=MEMBERS).values_list("value", flat=True).first()
    if value is None:  # never recounted: count once
        value = Membership.objects.filter(status__in=Membership.ENTITLED).count()
    return value


# --- reading ---------------------------------------------------------------------------


def supporter_total():
    value = FundingCounter.objects.filter(name=SUPPORTERS).values_list("value", flat=True).first()
    return value or 0


@dataclass(frozen=True)
class Progress:
    """What a meter shows: figures in people, or whole units of money."""

    campaign_id: int
    title: str
    message: str
    kind: str
    currency: str
    current: int
    goal: int
    percent: int
    days_left: int
    ended: bool
    upcoming: bool

    @property
    def bar_value(self):
        return min(self.current, self.goal)

    @property
    def bar_percent(self):
        """The filled share of a bar, 0–100 (an email's table bar cannot overflow)."""
        return max(0, min(self.percent, 100))

    def money(self, value):
        return f"{number_format(value, force_grouping=True)} {self.currency.upper()}"

    @property
    def current_display(self):
        if self.kind == Campaign.Goal.AMOUNT:
            return self.money(self.current)
        return number_format(self.current, force_grouping=True)

    @property
    def goal_display(self):
        if self.kind == Campaign.Goal.AMOUNT:
            return self.money(self.goal)
        return number_format(self.goal, force_grouping=True)


def progress(campaign, now=None):
    now = now or timezone.now()
    counted = campaign.count // 100 if campaign.is_amount else campaign.count
    current = campaign.offset + counted
    goal = max(campaign.goal, 1)
    ended = now >= campaign.ends_at
    left = campaign.ends_at - now
    days_left = 0 if ended else max(1, left.days + (1 if left.seconds else 0))
    return Progress(
        campaign_id=campaign.pk,
        title=campaign.title,
        message=campaign.message,
        kind=campaign.goal_kind,
        currency=campaign.currency,
        current=current,
        goal=campaign.goal,
        percent=int(current * 100 / goal),
        days_left=days_left,
        ended=ended,
        upcoming=now < campaign.starts_at,
    )


def _compute(load, peek):
    """What a fragment computes on a miss: nothing at all when only peeking."""
    return (lambda: None) if peek else load


def shown_campaigns(request, now=None, peek=False):
    """Ids of the campaigns whose meter shows now: running, or ended within
    MEMBERS_CAMPAIGN_THANKS_DAYS (their final figures). Cached under `campaigns`,
    filtered by the clock here, so no query when warm."""
    now = now or timezone.now()
    after = timedelta(days=settings.MEMBERS_CAMPAIGN_THANKS_DAYS)

    def load():
        # a tuple of plain values: the fragments' per-process copy holds it as it is
        return tuple(
            Campaign.objects.filter(show=True, ends_at__gt=timezone.now() - after).values_list(
                "pk", "starts_at", "ends_at"
            )
        )

    windows = fragments.get_or_set(
        request, "campaign-list", [], _compute(load, peek), keep_none=not peek, tags=CAMPAIGNS_TAG
    )
    if windows is None:
        return None
    return [pk for pk, start, end in windows if start <= now < end + after]


def render_meter(request, campaign_id, now=None, peek=False):
    """One campaign's meter as HTML, from the fragment `campaign:<id>` (0 queries warm).
    Keyed by the day too: days left changes at midnight."""
    now = now or timezone.now()

    def compute():
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            return ""
        return render_to_string(
            "members/funding/meter.html", {"p": progress(campaign, now), "now": now}
        )

    return fragments.get_or_set(
        request,
        "campaign-meter",
        [campaign_id, now.date()],
        compute,
        tags=campaign_tag(campaign_id),
    )


def current_progress(now=None):
    """The meters showing now, as figures (for an email or an archived issue, which carry
    no request and no fragment cache): one query."""
    now = now or timezone.now()
    after = timedelta(days=settings.MEMBERS_CAMPAIGN_THANKS_DAYS)
    shown = Campaign.objects.filter(show=True, starts_at__lte=now, ends_at__gt=now - after)
    return [progress(campaign, now) for campaign in shown.order_by("ends_at", "pk")]


def render_meters(request, now=None):
    meters = ((render_meter(request, pk, now),) for pk in shown_campaigns(request, now))
    return format_html_join("", "{}", meters)


def cached_supporter_total(request, peek=False):
    return fragments.get_or_set(
        request,
        "supporter-total",
        [],
        _compute(supporter_total, peek),
        keep_none=not peek,
        tags=SUPPORTERS,
    )


def render_supporters(request):
    total = cached_supporter_total(request)
    if not total:
        return ""
    return render_to_string("members/funding/supporters.html", {"total": total})


def funding_html(request):
    """The slot's HTML: one fragment keyed by the campaigns showing now and the day,
    tagged by each of them, the campaign list and the supporters (any change to what it
    shows bumps one of those), so a warm render reads two fragments and renders no
    template."""
    now = timezone.now()
    shown = shown_campaigns(request, now)

    def compute():
        meters = format_html_join("", "{}", ((render_meter(request, pk, now),) for pk in shown))
        return render_to_string(
            "members/funding/slot.html",
            {"meters": meters, "supporters": render_supporters(request)},
        )

    return fragments.get_or_set(
        request,
        "funding-slot",
        [now.date(), *shown],
        compute,
        tags=[CAMPAIGNS_TAG, SUPPORTERS, *(campaign_tag(pk) for pk in shown)],
    )


def render_slot(context):
    """Slots "article.membership" and "home.membership": the campaign meters and the
    supporter total, the same for every reader; the part `funding` refreshes them."""
    request = context.get("request")
    return funding_html(request)


def funding_part(request, context):
    """The fresh meters for pages the page cache kept (anonymous readers too: the slot's
    element carries data-reader-anonymous). It only reads the fragments, never the
    database (an anonymous call runs no query): a payment computes them again right
    after its commit (`warm`), and a page render does after a purge. While one is
    missing the page keeps what it was rendered with. Read as an anonymous reader's:
    the meters hold nothing per reader (asking if a signed-in reader is staff would cost
    two queries)."""
    shared = SimpleNamespace(_masthead_is_staff=False)
    shown = shown_campaigns(shared, peek=True)
    total = cached_supporter_total(shared, peek=True)
    if shown is None or total is None:
        return None
    meters = [render_meter(shared, pk, peek=True) for pk in shown]
    if any(meter is None for meter in meters):
        return None
    html = "".join(str(meter) for meter in meters)
    if total:
        html += render_to_string("members/funding/supporters.html", {"total": total})
    return {"html": html} if html else None
