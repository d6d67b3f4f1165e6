"""Subscribers in the admin, built for a million of them.

* The list: newest first (an index on created_at), a search for any part of an address
  (`LIKE '%part%'`, served by the trigram index on PostgreSQL, migration 0003), filters by list and subscription state (an EXISTS over
  the subscriptions' (newsletter, status, subscriber) index), and a count that stops at
  NEWSLETTER_ADMIN_COUNT_CAP ("more than 10,000") or, unfiltered on PostgreSQL, is the
  planner's estimate: an exact COUNT(*) of a million rows is what made such lists slow.
* CSV export of what the list shows, streamed in keyset chunks (memory flat), every cell
  formula-safe (core/csvsafe.py).
* CSV import (imports.py) with its progress page, and charts (charts.py).
"""

import csv
from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncWeek
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import IndexView

from masthead.core import csvsafe
from masthead.core.charts import Chart, Series, csv_for

from . import conf, imports
from .models import Newsletter, Subscriber, SubscriberImport, Subscription


class CappedPaginator(Paginator):
    """Counts up to the cap (`count_capped` says when it stopped), or takes PostgreSQL's
    estimate for a whole big table; pages past the cap still work by offset."""

    cap = None

    @cached_property
    def count(self):
        cap = self.cap or conf.get("NEWSLETTER_ADMIN_COUNT_CAP")
        queryset = self.object_list
        if not queryset.query.where and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate > cap:
                self.count_estimated = True
                return int(estimate)
        counted = queryset.order_by()[: cap + 1].count()
        self.count_capped = counted > cap
        return min(counted, cap)

    count_capped = False
    count_estimated = False

    @cached_property
    def items_count_label(self):
        if self.count_estimated:
            return _("about %(n)s subscribers") % {"n": f"{self.count:,}"}
        if self.count_capped:
            return _("more than %(n)s subscribers") % {"n": f"{self.count:,}"}
        return _("%(n)s subscribers") % {"n": f"{self.count:,}"}

    @cached_property
    def num_page_buttons(self):
        return 6


def filter_subscribers(queryset, newsletter=None, status=None, search=""):
    """The list's and the export's filters (one definition)."""
    if newsletter or status:
        subs = Subscription.objects.filter(subscriber=OuterRef("pk"))
        if newsletter:
            subs = subs.filter(newsletter=newsletter)
        if status:
            subs = subs.filter(status=status)
        queryset = queryset.filter(Exists(subs))
    search = (search or "").strip().lower()
    if search:
        # Addresses are stored lower-cased: a case-sensitive LIKE the trigram index serves.
        queryset = queryset.filter(email__contains=search)
    return queryset


class SubscriberFilterSet(WagtailFilterSet):
    newsletter = django_filters.ModelChoiceFilter(
        label=_("List"), queryset=Newsletter.objects.all(), method="by_subscription"
    )
    status = django_filters.ChoiceFilter(
        label=_("Subscription"), choices=Subscription.Status.choices, method="by_subscription"
    )

    class Meta:
        model = Subscriber
        fields = []

    def by_subscription(self, queryset, name, value):
        return queryset  # both are applied together in filter_queryset below

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return filter_subscribers(queryset, data.get("newsletter"), data.get("status"))


class SubscriberIndexView(IndexView):
    paginator_class = CappedPaginator
    default_ordering = "-created_at"

    def search_queryset(self, queryset):
        return filter_subscribers(queryset, search=self.search_query)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if user.has_perm("newsletters.add_subscriber"):
            buttons.append(
                HeaderButton(_("Import CSV"), reverse("newsletters_import"), icon_name="upload")
            )
        if user.has_perm("newsletters.change_subscriber"):
            query = self.request.GET.urlencode()
            buttons.append(
                HeaderButton(
                    _("Export CSV"),
                    reverse("newsletters_export") + (f"?{query}" if query else ""),
                    icon_name="download",
                )
            )
            buttons.append(
                HeaderButton(_("Charts"), reverse("newsletters_charts"), icon_name="view")
            )
        return buttons


class _Echo:
    def write(self, value):
        return value


EXPORT_CHUNK = 2000


def export_rows(queryset):
    """Header, then one row per subscriber in id order, fetched in keyset chunks with
    their subscriptions: memory stays flat at any size."""
    yield ["email", "name", "subscribed_at", "confirmed_lists", "pending_lists", "left_lists"]
    last = 0
    while True:
        chunk = list(
            queryset.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "email", "name", "created_at")[:EXPORT_CHUNK]
        )
        if not chunk:
            return
        lists = {}
        for subscriber_id, slug, status in Subscription.objects.filter(
            subscriber_id__in=[row[0] for row in chunk]
        ).values_list("subscriber_id", "newsletter__slug", "status"):
            lists.setdefault(subscriber_id, {}).setdefault(status, []).append(slug)
        for pk, email, name, created_at in chunk:
            mine = lists.get(pk, {})
            yield [
                email,
                name,
                created_at.isoformat(),
                " ".join(sorted(mine.get(Subscription.Status.CONFIRMED, []))),
                " ".join(sorted(mine.get(Subscription.Status.PENDING, []))),
                " ".join(sorted(mine.get(Subscription.Status.UNSUBSCRIBED, []))),
            ]
        last = chunk[-1][0]


def export_csv(request):
    """The list's subscribers (its filters and search apply) as a streamed CSV."""
    if not request.user.has_perm("newsletters.change_subscriber"):
        raise PermissionDenied
    filters = SubscriberFilterSet(data=request.GET, request=request)
    data = filters.form.cleaned_data if filters.is_valid() else {}
    queryset = filter_subscribers(
        Subscriber.objects.all(), data.get("newsletter"), data.get("status"), request.GET.get("q")
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([csvsafe.cell(v) for v in row]) for row in export_rows(queryset)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- importing -----------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_('A header row with an "email" column (and "name"), or address, name.'),
    )
    newsletters = forms.ModelMultipleChoiceField(
        label=_("Add to these lists"),
        queryset=Newsletter.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    consent_note = forms.CharField(
        label=_("How these readers consented"),
        max_length=200,
        help_text=_('Recorded with each subscription, e.g. "Signed up at the 2026 book fair".'),
    )
    consent = forms.BooleanField(
        label=_("Everyone in this file asked to receive these lists"),
        help_text=_("Importing people who did not ask breaks the law in many countries."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: count what would happen, change nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > conf.get("NEWSLETTER_IMPORT_MAX_BYTES"):
            raise forms.ValidationError(_("The file is too large."))
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Save the file as UTF-8 CSV.")) from error


def import_page(request):
    if not request.user.has_perm("newsletters.add_subscriber"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name, text = form.cleaned_data["file"]
        try:
            job = imports.do_create_import(
                text=text,
                filename=name,
                newsletters=list(form.cleaned_data["newsletters"]),
                consent_note=form.cleaned_data["consent_note"],
                dry_run=form.cleaned_data["dry_run"],
                user=request.user,
            )
        except imports.ImportRefused as error:
            form.add_error(None, str(error))
        else:
            return redirect("newsletters_import_progress", pk=job.pk)
    recent = SubscriberImport.objects.defer("data").prefetch_related("newsletters")[:10]
    return TemplateResponse(
        request, "newsletters/admin/import.html", {"form": form, "recent": recent}
    )


def import_progress(request, pk):
    if not request.user.has_perm("newsletters.add_subscriber"):
        raise PermissionDenied
    job = get_object_or_404(SubscriberImport.objects.defer("data"), pk=pk)
    running = job.status in (SubscriberImport.Status.QUEUED, SubscriberImport.Status.RUNNING)
    return TemplateResponse(
        request,
        "newsletters/admin/import_progress.html",
        {"job": job, "live": running, "lists": list(job.newsletters.all())},
    )


# --- charts ----------------------------------------------------------------------------

CHART_WEEKS = 26


def _weekly(field, newsletter_ids, since):
    """{(newsletter id, week start date): count} of subscriptions whose `field` (a date
    of confirming or leaving) falls in a week since `since` (an index on each field)."""
    rows = (
        Subscription.objects.filter(**{f"{field}__gte": since}, newsletter_id__in=newsletter_ids)
        .exclude(confirmed_at__isnull=True)
        .annotate(week=TruncWeek(field))
        .values_list("newsletter_id", "week")
        .annotate(n=Count("id"))
    )
    return {(nl, week.date() if hasattr(week, "date") else week): n for nl, week, n in rows}


def subscriber_charts(today=None):
    """Three charts over the last CHART_WEEKS weeks: confirmed subscribers per list at
    each week's end, confirmations per week and unsubscribes per week (per list)."""
    today = today or timezone.localdate()
    this_week = today - timedelta(days=today.weekday())
    weeks = [this_week - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    since = timezone.make_aware(datetime.combine(weeks[0], time.min))
    newsletters = list(Newsletter.objects.order_by("sort_order", "name"))
    ids = [n.pk for n in newsletters]
    joined = _weekly("confirmed_at", ids, since)
    left = _weekly("unsubscribed_at", ids, since)
    current = dict(
        Subscription.objects.filter(status=Subscription.Status.CONFIRMED, newsletter_id__in=ids)
        .values_list("newsletter_id")
        .annotate(n=Count("id"))
        .values_list("newsletter_id", "n")
    )
    sizes = []
    for newsletter in newsletters:
        # Walk back from today: before a week, its joiners were not there, its leavers were.
        size, values = current.get(newsletter.pk, 0), []
        for week in reversed(weeks):
            values.append(size)
            size -= joined.get((newsletter.pk, week), 0) - left.get((newsletter.pk, week), 0)
        sizes.append(Series(newsletter.name, list(reversed(values))))
    labels = [week.isoformat() for week in weeks]

    def per_week(counts):
        return [
            Series(n.name, [counts.get((n.pk, week), 0) for week in weeks]) for n in newsletters
        ]

    return [
        Chart(
            _("Confirmed subscribers per list"),
            labels,
            sizes,
            kind="line",
            slug="subscribers",
            description=_("At the end of each week (weeks start on Monday)."),
        ),
        Chart(_("Confirmations per week"), labels, per_week(joined), kind="bar", slug="joined"),
        Chart(_("Unsubscribes per week"), labels, per_week(left), kind="bar", slug="left"),
    ]


def charts_page(request):
    if not request.user.has_perm("newsletters.change_subscriber"):
        raise PermissionDenied
    charts = subscriber_charts()
    if response := csv_for(request, charts):
        return response
    return TemplateResponse(request, "newsletters/admin/charts.html", {"charts": charts})
