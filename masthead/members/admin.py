"""The members list in Wagtail's admin: search, filters, CSV export, the member page."""

import datetime

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
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


class MembershipIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "tier")

    def search_queryset(self, queryset):
        # One word searches addresses by prefix (an index on PostgreSQL); words with a
        # space search display names (a scan: rare, and only on a staff request).
        if not self.is_searching:
            return queryset
        query = self.search_query.strip().lower()
        if " " not in query:
            return queryset.filter(user__email__startswith=query)
        return queryset.filter(user__display_name__istartswith=query)

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
        "flag",
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
