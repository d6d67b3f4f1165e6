"""Admin views beside the endpoint viewset's list and forms: one endpoint's page (status,
secret, actions, delivery log), a delivery's payload, and the POST-only actions."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.permission_policies import ModelPermissionPolicy

from . import services
from .models import WebhookDelivery, WebhookEndpoint

permission_policy = ModelPermissionPolicy(WebhookEndpoint)


def can_manage(user):
    return permission_policy.user_has_permission(user, "change")


def _endpoint(request, pk):
    if not can_manage(request.user):
        raise PermissionDenied
    return get_object_or_404(WebhookEndpoint, pk=pk)


def endpoint(request, pk, *, reveal=False):
    """Status, the signing secret (revealed on request), actions and the delivery log."""
    hook = _endpoint(request, pk)
    if request.method == "POST" and request.POST.get("action") == "reveal":
        reveal = True
    deliveries = hook.deliveries.order_by("-created_at", "-pk")
    page_obj = Paginator(deliveries, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "webhooks/admin/endpoint.html",
        {
            "endpoint": hook,
            "reveal": reveal,
            "page_obj": page_obj,
            "page_title": str(hook),
        },
    )


def delivery(request, pk, delivery_id):
    hook = _endpoint(request, pk)
    record = get_object_or_404(WebhookDelivery, pk=delivery_id, endpoint=hook)
    return TemplateResponse(
        request,
        "webhooks/admin/delivery.html",
        {
            "endpoint": hook,
            "delivery": record,
            "payload": json.dumps(record.payload, indent=2, ensure_ascii=False),
            "page_title": _("Delivery"),
        },
    )


@require_POST
def rotate(request, pk):
    hook = services.do_rotate_secret(_endpoint(request, pk))
    messages.warning(
        request,
        _(
            "A new signing secret is in use. Give it to the receiver: the old one no longer verifies."
        ),
    )
    return endpoint(request, hook.pk, reveal=True)


@require_POST
def enable(request, pk):
    hook = services.do_enable(_endpoint(request, pk))
    messages.success(request, _("'%(endpoint)s' is enabled.") % {"endpoint": hook})
    return redirect("webhooks:endpoint", hook.pk)


@require_POST
def disable(request, pk):
    hook = services.do_disable(_endpoint(request, pk), user=request.user)
    messages.success(request, _("'%(endpoint)s' is disabled.") % {"endpoint": hook})
    return redirect("webhooks:endpoint", hook.pk)


@require_POST
def ping(request, pk):
    hook = _endpoint(request, pk)
    services.do_send_ping(hook)
    messages.success(request, _("A test ping is on its way; its outcome shows in the log below."))
    return redirect("webhooks:endpoint", hook.pk)
