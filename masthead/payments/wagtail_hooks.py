"""Admin: how to set up Stripe when it is not, and price sync when a tier is saved."""

from django.contrib import messages
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from masthead.members.models import Tier

from . import reports, services, stripe_api
from .donation_admin import DonationViewSet


class StripeSetupPanel(Component):
    name = "stripe_setup"
    order = 50

    def render_html(self, parent_context=None):
        return render_to_string("payments/admin/setup_panel.html", {})


@hooks.register("construct_homepage_panels")
def add_setup_panel(request, panels):
    if not stripe_api.is_configured() and request.user.has_perm("members.view_membership"):
        panels.append(StripeSetupPanel())


def _sync(request, instance):
    if not isinstance(instance, Tier):
        return
    if not stripe_api.is_configured():
        messages.warning(
            request,
            mark_safe(render_to_string("payments/admin/setup_message.html", {})),  # noqa: S308  # nosec B308 B703 - our own template, no input
        )
        return
    try:
        count = services.do_sync_tier(instance)
    except Exception as error:  # Stripe refused or is unreachable: say so, keep the tier
        messages.error(request, _("Prices not synced with Stripe: %(error)s") % {"error": error})
        return
    messages.success(request, _("Synced with Stripe: %(count)d new price(s).") % {"count": count})


@hooks.register("after_create_snippet")
def sync_created_tier(request, instance):
    _sync(request, instance)


@hooks.register("after_edit_snippet")
def sync_edited_tier(request, instance):
    _sync(request, instance)


# --- reader funding: the reports and the donations list -------------------------------


class FundingReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("members.view_membership")


@hooks.register("register_admin_urls")
def register_funding_reports():
    urls = [path("", reports.reports_view, name="index")]
    return [
        path("funding/reports/", include((urls, "funding_reports"), namespace="funding_reports"))
    ]


@hooks.register("register_reports_menu_item")
def register_funding_reports_menu_item():
    return FundingReportsMenuItem(
        _("Funding"), reverse("funding_reports:index"), icon_name="table", order=910
    )


@hooks.register("register_admin_viewset")
def register_donations():
    return DonationViewSet("donations")
