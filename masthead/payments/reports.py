"""Funding reports in the admin: members over time, new and cancelled per month, MRR,
donations, gifts, and each campaign's progress by day. Charts from core/charts.py, each
with its data table and CSV. The monthly figures are counters kept as things happen
(members/campaigns.py, `manage.py recount_funding` rebuilds them); the page keeps what it
read for a few minutes."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.core import charts
from masthead.members import reports as members_reports
from masthead.members.models import Campaign

CACHE_SECONDS = 300


def _month_labels(months):
    return [month.strftime("%Y-%m") for month in months]


def _money(amount):
    return round((amount or 0) / 100, 2)


def _figures(now=None):
    """Everything the charts show, as plain data (cached)."""
    months = members_reports.month_starts(12, now)
    joins, departures = members_reports.joins_and_departures(months)
    currency = settings.MEMBERS_CURRENCY
    donated, donors, recurring = members_reports.money_by_month(months, currency)
    bought, redeemed = members_reports.gifts_by_month(months)
    campaigns = []
    for campaign in members_reports.reported_campaigns():
        days, values = members_reports.campaign_days(campaign, now)
        campaigns.append(
            {
                "title": campaign.title,
                "pk": campaign.pk,
                "goal": campaign.goal,
                "unit": campaign.currency.upper()
                if campaign.goal_kind == Campaign.Goal.AMOUNT
                else "",
                "days": [d.isoformat() for d in days],
                "values": values,
            }
        )
    return {
        "months": _month_labels(months),
        "members": members_reports.members_over_time(months, joins, departures),
        "joins": [joins.get(m, 0) for m in months],
        "departures": [departures.get(m, 0) for m in months],
        "mrr": [_money(recurring.get(m, 0)) for m in months],
        "donated": [_money(donated.get(m, 0)) for m in months],
        "donors": [donors.get(m, 0) for m in months],
        "bought": [bought.get(m, 0) for m in months],
        "redeemed": [redeemed.get(m, 0) for m in months],
        "campaigns": campaigns,
        "currency": currency.upper(),
    }


def figures(now=None, fresh=False):
    key = f"funding-reports:{timezone.localdate()}:{timezone.now().hour}"
    found = None if fresh else cache.get(key)
    if found is None:
        found = _figures(now)
        cache.set(key, found, CACHE_SECONDS)
    return found


def build_charts(data):
    labels, currency = data["months"], data["currency"]
    found = [
        charts.Chart(
            _("Members over time"),
            labels,
            [charts.Series(_("Members at the end of the month"), data["members"])],
            kind="line",
            slug="members",
        ),
        charts.Chart(
            _("New and cancelled members per month"),
            labels,
            [
                charts.Series(_("New"), data["joins"]),
                charts.Series(_("Cancelled or lapsed"), data["departures"]),
            ],
            kind="bar",
            slug="joins",
        ),
        charts.Chart(
            _("Monthly recurring revenue"),
            labels,
            [charts.Series(_("Subscriptions and monthly donations"), data["mrr"])],
            kind="line",
            unit=f" {currency}",
            slug="mrr",
            description=_("Recurring payments received in each month, in %(currency)s.")
            % {"currency": currency},
        ),
        charts.Chart(
            _("Donations"),
            labels,
            [charts.Series(_("Donated"), data["donated"])],
            kind="bar",
            unit=f" {currency}",
            slug="donations",
        ),
        charts.Chart(
            _("Gift memberships"),
            labels,
            [
                charts.Series(_("Bought"), data["bought"]),
                charts.Series(_("Redeemed"), data["redeemed"]),
            ],
            kind="bar",
            slug="gifts",
        ),
    ]
    for campaign in data["campaigns"]:
        if not campaign["days"]:
            continue
        found.append(
            charts.Chart(
                _("Campaign: %(title)s") % {"title": campaign["title"]},
                campaign["days"],
                [
                    charts.Series(_("Progress"), campaign["values"]),
                    charts.Series(_("Goal"), [campaign["goal"]] * len(campaign["days"])),
                ],
                kind="line",
                unit=f" {campaign['unit']}" if campaign["unit"] else "",
                slug=f"campaign-{campaign['pk']}",
            )
        )
    return found


def reports_view(request):
    if not request.user.has_perm("members.view_membership"):
        raise PermissionDenied
    found = build_charts(figures())
    csv = charts.csv_for(request, found)
    if csv is not None:
        return csv
    return render(request, "payments/admin/reports.html", {"charts": found})
