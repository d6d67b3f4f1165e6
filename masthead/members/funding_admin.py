"""Campaigns and gifts in Wagtail's admin: campaigns edited by Editors, gifts searched,
corrected before delivery and their delivery email sent again."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from . import campaigns, gifts
from .models import Campaign, Gift


class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "pick"
    menu_label = _("Campaigns")
    menu_order = 252
    add_to_admin_menu = True
    list_display = [
        "title",
        "goal_kind",
        "starts_at",
        "ends_at",
        Column("progress", label=_("Progress"), accessor=lambda c: campaign_progress(c)),
    ]
    search_fields = ["title", "message"]
    ordering = ["-starts_at"]
    copy_view_enabled = False
    inspect_view_enabled = False


class GiftIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("tier")

    def search_queryset(self, queryset):
        # An address (recipient or buyer) by prefix, or a recipient's name.
        if not self.is_searching:
            return queryset
        from django.db.models import Q

        query = self.search_query.strip().lower()
        return queryset.filter(
            Q(recipient_email__startswith=query)
            | Q(buyer_email__startswith=query)
            | Q(recipient_name__istartswith=query)
        )


class GiftInspectView(InspectView):
    template_name = "members/admin/gift_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gift = self.object
        context["can_resend"] = (
            gift.status in (Gift.Status.PAID, Gift.Status.DELIVERED, Gift.Status.REDEEMED)
            and bool(gift.recipient_email)
            and self.request.user.has_perm("members.change_gift")
        )
        context["resend_url"] = reverse("gifts:resend", args=[quote(gift.pk)])
        return context


@require_POST
def resend_view(request, pk):
    if not request.user.has_perm("members.change_gift"):
        raise PermissionDenied
    gift = get_object_or_404(Gift, pk=pk)
    if gifts.do_resend_delivery(gift.pk):
        messages.success(
            request,
            _("The gift's email was sent again to %(email)s.") % {"email": gift.recipient_email},
        )
    else:
        messages.error(
            request, _("This gift's email cannot be sent (not paid, revoked, or no address).")
        )
    return redirect("gifts:inspect", quote(gift.pk))


class GiftViewSet(ModelViewSet):
    model = Gift
    icon = "tag"
    menu_label = _("Gift memberships")
    menu_order = 253
    add_to_admin_menu = True
    index_view_class = GiftIndexView
    inspect_view_class = GiftInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["recipient_email"]
    list_per_page = 50
    ordering = ["-created_at"]
    list_filter = ["status", "delivery"]
    list_display = [
        "recipient_name",
        "recipient_email",
        "buyer_email",
        "tier",
        "months",
        "status",
        "deliver_on",
        "redeemed_at",
    ]
    # Before delivery an editor may correct the recipient and the date (a typo in an
    # address); the gift itself is bought and redeemed only through members.gifts.
    form_fields = ["recipient_name", "recipient_email", "message", "deliver_on"]
    inspect_view_fields = [
        "tier",
        "months",
        "display_amount",
        "status",
        "buyer_name",
        "buyer_email",
        "recipient_name",
        "recipient_email",
        "message",
        "delivery",
        "deliver_on",
        "paid_at",
        "delivered_at",
        "redeemed_at",
        "redeemed_by",
        "ends_at",
        "checkout_session_id",
    ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("resend/<str:pk>/", resend_view, name="resend")]


def campaign_progress(campaign):
    p = campaigns.progress(campaign)
    return f"{p.current_display} / {p.goal_display} ({p.percent}%)"
