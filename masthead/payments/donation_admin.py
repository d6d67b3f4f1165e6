"""Donations in the admin: a list to search and read (they are made only by Checkout)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Donation


class DonationViewSet(ModelViewSet):
    model = Donation
    icon = "tag"
    menu_label = _("Donations")
    menu_order = 254
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["email"]
    list_filter = ["status", "monthly", "currency"]
    list_per_page = 50
    ordering = ["-paid_at"]
    list_display = ["email", "display_amount", "monthly", "status", "paid_at"]
    list_export = ["email", "amount", "currency", "monthly", "status", "paid_at", "stripe_id"]
    export_filename = "donations"
    form_fields = ["status"]
    inspect_view_fields = [
        "email",
        "display_amount",
        "monthly",
        "status",
        "paid_at",
        "stripe_id",
        "subscription_id",
        "payment_ref",
    ]
