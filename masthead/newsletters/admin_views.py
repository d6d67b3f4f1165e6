"""The newsletters' admin: lists, issues (with their send controls), subscribers and
suppressed addresses, grouped under one menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Issue, Newsletter, Subscriber, Suppression


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


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    list_display = ["email", "name", "created_at"]
    search_fields = ["email"]
    list_per_page = 50


class SuppressionViewSet(SnippetViewSet):
    model = Suppression
    icon = "warning"
    list_display = ["email", "reason", "detail", "created_at"]
    list_filter = ["reason"]


class IssueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_order = 250
    items = (NewsletterViewSet, IssueViewSet, SubscriberViewSet, SuppressionViewSet)
