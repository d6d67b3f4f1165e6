"""The Webhooks area under Settings: a Wagtail ModelViewSet whose forms save through
services.py, plus the endpoint page and its actions (admin_views.py)."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.log_actions import log

from . import admin_views, queries, services
from .forms import WebhookEndpointForm
from .models import WebhookEndpoint


class StatusColumn(Column):
    def get_value(self, instance):
        if instance.active:
            return _("Active")
        return _("Disabled: %(reason)s") % {"reason": instance.disabled_reason}


class EventsColumn(Column):
    def get_value(self, instance):
        return ", ".join(instance.events) or "—"


def _endpoint_url(instance):
    return reverse("webhooks:endpoint", args=[instance.pk])


class IndexView(generic.IndexView):
    def get(self, request, *args, **kwargs):
        if not self.results_only:
            for endpoint in queries.disabled_endpoints():
                messages.warning(
                    request,
                    _("Webhook '%(endpoint)s' is disabled: %(reason)s")
                    % {"endpoint": endpoint, "reason": endpoint.disabled_reason},
                )
        return super().get(request, *args, **kwargs)

    def get_list_buttons(self, instance):
        return [
            ListingButton(_("Log and secret"), url=_endpoint_url(instance), icon_name="list-ul"),
            *super().get_list_buttons(instance),
        ]


class CreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        endpoint = services.do_create_endpoint(
            url=data["url"],
            events=data["events"],
            description=data["description"],
            user=self.request.user,
        )
        log(instance=endpoint, action="wagtail.create", user=self.request.user)
        return endpoint

    def get_success_url(self):
        # Straight to the page that shows the new secret.
        return _endpoint_url(self.object)


class EditView(generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        endpoint = services.do_update_endpoint(
            self.object, url=data["url"], events=data["events"], description=data["description"]
        )
        log(instance=endpoint, action="wagtail.edit", user=self.request.user)
        return endpoint

    def get_header_buttons(self):
        return [
            *super().get_header_buttons(),
            HeaderButton(_("Log and secret"), url=_endpoint_url(self.object), icon_name="list-ul"),
        ]


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = gettext_lazy("Webhooks")
    add_to_settings_menu = True
    copy_view_enabled = False
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    list_display = [
        "__str__",
        "url",
        EventsColumn("events", label=gettext_lazy("Events")),
        StatusColumn("status", label=gettext_lazy("Status")),
        Column("consecutive_failures", label=gettext_lazy("Failures in a row")),
    ]

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("endpoint/<int:pk>/", admin_views.endpoint, name="endpoint"),
            path(
                "endpoint/<int:pk>/deliveries/<int:delivery_id>/",
                admin_views.delivery,
                name="delivery",
            ),
            path("endpoint/<int:pk>/rotate/", admin_views.rotate, name="rotate"),
            path("endpoint/<int:pk>/enable/", admin_views.enable, name="enable"),
            path("endpoint/<int:pk>/disable/", admin_views.disable, name="disable"),
            path("endpoint/<int:pk>/ping/", admin_views.ping, name="ping"),
        ]


webhook_endpoint_viewset = WebhookEndpointViewSet("webhooks")
