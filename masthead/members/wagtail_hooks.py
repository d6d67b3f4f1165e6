from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin import MembershipViewSet
from .funding_admin import CampaignViewSet, GiftViewSet
from .models import Tier


class TierViewSet(SnippetViewSet):
    model = Tier
    icon = "pick"
    menu_label = _("Membership tiers")
    add_to_admin_menu = True
    menu_order = 251
    list_display = ["name", "active", "sort_order"]
    sort_order_field = "sort_order"


register_snippet(TierViewSet)


@hooks.register("register_admin_viewset")
def register_members():
    return MembershipViewSet("memberships")


@hooks.register("register_admin_viewset")
def register_funding():
    return [CampaignViewSet("campaigns"), GiftViewSet("gifts")]
