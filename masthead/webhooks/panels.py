"""The dashboard notice about disabled webhook endpoints."""

from wagtail.admin.ui.components import Component

from . import queries
from .admin_views import can_manage


class DisabledWebhooksPanel(Component):
    name = "disabled_webhooks"
    template_name = "webhooks/admin/home_panel.html"
    order = 90  # above Wagtail's own panels: something is broken

    def __init__(self, endpoints):
        self.endpoints = endpoints

    def get_context_data(self, parent_context):
        return {"endpoints": self.endpoints}


def add_to_dashboard(request, panels):
    if not can_manage(request.user):
        return
    endpoints = queries.disabled_endpoints()
    if endpoints:
        panels.append(DisabledWebhooksPanel(endpoints))
