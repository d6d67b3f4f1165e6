"""The newsletters' admin: lists, issues (with their send controls), subscribers and
suppressed addresses, grouped under one menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Issue, Newsletter, Subscriber, Suppression
from .subscriber_admin import SubscriberFilterSet, SubscriberIndexView


class NewsletterViewSet(SnippetViewSet):
    model = Newsletter
    icon = "mail"
    list_display = ["name", "access", "cadence", "active", "sort_order"]
    list_filter = ["active", "access"]
    search_fields = ["name"]


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "doc-full"
    list_display = ["subject", "newsletter", "status", "total", "sent_at"]
    list_filter = ["newsletter", "status"]
    search_fields = ["subject"]


class ManagersOnly(PermissionCheckedMixin):
    """Wagtail's snippet chooser answers anyone who may enter the admin; addresses are
    readers' personal data, so only those who may manage the model may list or pick them."""

    any_permission_required = ["add", "change", "delete", "view"]


class PersonalDataChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (ManagersOnly, chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (ManagersOnly, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type("ChosenView", (ManagersOnly, chooser.SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "ChosenMultipleView", (ManagersOnly, chooser.SnippetChosenMultipleView), {}
    )
    create_view_class = type("CreateView", (ManagersOnly, chooser.SnippetCreateView), {})


class SubscriberViewSet(SnippetViewSet):
    """At a million subscribers: subscriber_admin.py says how the list stays fast."""

    model = Subscriber
    chooser_viewset_class = PersonalDataChooserViewSet
    index_view_class = SubscriberIndexView
    filterset_class = SubscriberFilterSet
    icon = "user"
    list_display = ["email", "name", "created_at"]
    search_fields = ["email"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50


class SuppressionViewSet(SnippetViewSet):
    model = Suppression
    chooser_viewset_class = PersonalDataChooserViewSet
    icon = "warning"
    list_display = ["email", "reason", "detail", "created_at"]
    list_filter = ["reason"]


class IssueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_order = 250
    items = (NewsletterViewSet, IssueViewSet, SubscriberViewSet, SuppressionViewSet)
