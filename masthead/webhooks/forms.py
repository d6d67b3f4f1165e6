from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from masthead.core import outbound

from . import events
from .models import WebhookEndpoint


class WebhookEndpointForm(WagtailAdminModelForm):
    """URL, description and events (checkboxes of the registered events)."""

    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where events are POSTed as JSON (http:// or https://)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=events.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events sent to this URL. A test ping can always be sent."),
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            outbound.check_host(urlsplit(url).hostname)
        except outbound.RefusedAddress as exc:
            raise forms.ValidationError(
                _("Webhooks cannot be sent here: %(why)s") % {"why": exc}, code="internal"
            ) from exc
        return url

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events"]
