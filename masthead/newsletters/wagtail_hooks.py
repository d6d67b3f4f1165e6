from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet

from . import issue_admin, subscriber_admin
from .admin_views import IssueViewSetGroup
from .models import Issue

register_snippet(IssueViewSetGroup)


@hooks.register("register_admin_urls")
def register_issue_urls():
    return [
        path(
            "newsletters/issues/<int:pk>/send/",
            issue_admin.send_page,
            name="newsletters_issue_send",
        ),
        path(
            "newsletters/issues/<int:pk>/preview/",
            issue_admin.preview,
            name="newsletters_issue_preview",
        ),
        path(
            "newsletters/issues/<int:pk>/progress.json",
            issue_admin.progress_json,
            name="newsletters_issue_progress",
        ),
        path(
            "newsletters/issues/<int:pk>/do/<slug:name>/",
            issue_admin.action,
            name="newsletters_issue_action",
        ),
        path(
            "newsletters/subscribers/import/",
            subscriber_admin.import_page,
            name="newsletters_import",
        ),
        path(
            "newsletters/subscribers/import/<int:pk>/",
            subscriber_admin.import_progress,
            name="newsletters_import_progress",
        ),
        path(
            "newsletters/subscribers/export.csv",
            subscriber_admin.export_csv,
            name="newsletters_export",
        ),
        path(
            "newsletters/subscribers/charts/",
            subscriber_admin.charts_page,
            name="newsletters_charts",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def issue_send_button(snippet, user, next_url=None):
    if isinstance(snippet, Issue) and user.has_perm("newsletters.change_issue"):
        yield ListingButton(
            _("Preview, send and progress"),
            reverse("newsletters_issue_send", args=[snippet.pk]),
            priority=5,
        )
