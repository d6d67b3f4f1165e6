"""The members list in Wagtail's admin: search, filters, CSV export, the member page."""

import datetime
import math

import django_filters
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from . import panels
from .models import Membership, Tier

# Characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class CappedPaginator(WagtailPaginator):
    """Pages through at most the first `cap` rows, and never counts more than that.

    Counting every row of a million-member list is the slowest part of the page (a third
    of a second on PostgreSQL), and nobody pages to the 20,000th page: they filter or
    search. So a filtered or searched list counts at most cap + 1 rows ("more than
    10,000"), and the whole list shows the table's size from the planner's statistics
    ("about 1,000,000"), with no scan at all. `estimate`: that statistic, or None."""

    cap = 10_000

    def __init__(self, object_list, per_page, *, estimate=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.estimate = estimate

    @cached_property
    def count(self):
        if self.estimate is not None and self.estimate > self.cap:
            return self.estimate
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def exact(self):
        return self.count <= self.cap

    @cached_property
    def num_pages(self):
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        shown = min(self.count, self.cap)
        return max(1, math.ceil(max(shown - self.orphans, 1) / self.per_page))

    @cached_property
    def items_count_label(self):
        if self.exact:
            return super().items_count_label
        if self.estimate is not None:
            text = ngettext("About %(count)s member", "About %(count)s members", self.count)
        else:
            text = _("More than %(count)s members")
        return text % {"count": f"{min(self.count, self.estimate or self.cap):,}"}


def estimated_rows(model):
    """The planner's row count for the model's table (PostgreSQL's reltuples, kept by
    ANALYZE and autovacuum); None elsewhere or before the first ANALYZE."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] > 0 else None


class MembershipFilterSet(WagtailFilterSet):
    tier = django_filters.ModelChoiceFilter(queryset=Tier.objects.all(), label=_("Tier"))
    status = django_filters.ChoiceFilter(choices=Membership.Status.choices, label=_("Status"))
    since = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__gte", label=_("Member since (on or after)")
    )
    lapsing = django_filters.BooleanFilter(
        method="filter_lapsing",
        label=_("Lapsing"),
        help_text=_("Past due, or the paid period ends within the grace period."),
    )
    flagged = django_filters.BooleanFilter(method="filter_flagged", label=_("Flagged"))

    class Meta:
        model = Membership
        fields = []

    def filter_lapsing(self, queryset, name, value):
        if value is None:
            return queryset
        soon = timezone.now() + datetime.timedelta(days=settings.MEMBERS_GRACE_DAYS)
        lapsing = Q(status=Membership.Status.PAST_DUE) | Q(
            status=Membership.Status.ACTIVE, current_period_end__lt=soon
        )
        return queryset.filter(lapsing) if value else queryset.exclude(lapsing)

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(flag="") if value else queryset.filter(flag="")


class PlainColumn(Column):
    """A cell rendered without a template.

    Wagtail renders a template for each cell and a button menu for each row's title: on
    a 50-row page that is most of the page's time (about 200 ms of 250 on the bench). The
    members list's cells are plain values, and the title is one link to the member page
    (whose header has the edit and delete buttons)."""

    def __init__(self, *args, get_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.get_url = get_url

    @classmethod
    def like(cls, column, get_url=None):
        return cls(
            column.name,
            label=column.label,
            accessor=column.accessor,
            classname=column.classname,
            sort_key=column.sort_key,
            width=column.width,
            get_url=get_url,
        )

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        text = "" if value is None else localize(template_localtime(value))
        classname = self.classname or ""
        if self.get_url is None:
            return format_html('<td class="{}">{}</td>', classname, text)
        return format_html(
            '<td class="{} title"><div class="title-wrapper"><a href="{}">{}</a></div></td>',
            classname,
            self.get_url(instance),
            text,
        )


class MembershipIndexView(IndexView):
    paginator_class = CappedPaginator
    results_template_name = "members/admin/index_results.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "tier")

    @cached_property
    def columns(self):
        columns = super().columns
        title, *rest = columns
        url = self.get_inspect_url if self.inspect_url_name else self.get_edit_url
        return [PlainColumn.like(title, get_url=url)] + [
            PlainColumn.like(column) if type(column) is Column else column for column in rest
        ]

    def get_paginator(self, queryset, per_page, **kwargs):
        whole = not (self.is_searching or self.is_filtering)
        estimate = estimated_rows(Membership) if whole else None
        return self.paginator_class(queryset, per_page, estimate=estimate, **kwargs)

    def search_queryset(self, queryset):
        # One word searches addresses by prefix (users' varchar_pattern_ops index); words
        # with a space search display names anywhere in them (users' trigram index on
        # PostgreSQL, migration 0004). Both stay fast at a million readers.
        if not self.is_searching:
            return queryset
        query = self.search_query.strip().lower()
        if " " not in query:
            return queryset.filter(user__email__startswith=query)
        return queryset.filter(user__display_name__icontains=query)

    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(writer, {k: neutralise(v) for k, v in row_dict.items()})


class MembershipInspectView(InspectView):
    template_name = "members/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = self.object.changes.all()[:100]
        context["panels"] = panels.render_all(self.object)
        return context


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Members")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = MembershipIndexView
    inspect_view_class = MembershipInspectView
    inspect_view_enabled = True
    filterset_class = MembershipFilterSet
    search_fields = ["user__email"]
    list_per_page = 50
    ordering = ["-started_at"]
    list_display = [
        "reader_email",
        Column("tier", label=_("Tier")),
        "status",
        "started_at",
        "current_period_end",
        # Not sortable (a sort by flag reads every row): the "Flagged" filter finds them.
        Column("flag", label=_("Flag")),
    ]
    list_export = [
        "reader_email",
        "tier",
        "status",
        "source",
        "started_at",
        "current_period_end",
        "flag",
    ]
    export_headings = {"reader_email": _("Email"), "tier": _("Tier")}
    export_filename = "members"
    form_fields = ["tier", "status", "source", "current_period_end", "flag"]
    inspect_view_fields = [
        "user",
        "tier",
        "status",
        "source",
        "started_at",
        "current_period_end",
        "grace_until",
        "external_id",
        "flag",
    ]
