"""Admin views for API keys: the list, creating one (its secret shown once), revoking."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ApiKeyForm
from .models import ApiKey

VIEW = ("masthead_api.view_apikey", "masthead_api.add_apikey", "masthead_api.change_apikey")


def can_manage_keys(user):
    return any(user.has_perm(permission) for permission in VIEW)


def _require(user, permission=None):
    if not (user.has_perm(permission) if permission else can_manage_keys(user)):
        raise PermissionDenied


def index(request):
    _require(request.user)
    keys = ApiKey.objects.select_related("created_by").order_by("revoked_at", "-created_at")
    return TemplateResponse(
        request,
        "api/admin/keys.html",
        {
            "keys": keys,
            "page_title": _("API keys"),
            "can_add": request.user.has_perm("masthead_api.add_apikey"),
            "can_revoke": request.user.has_perm("masthead_api.change_apikey"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def add(request):
    _require(request.user, "masthead_api.add_apikey")
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, token = services.do_create_api_key(
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            created_by=request.user,
        )
        # The one time the secret exists outside the client: rendered, never stored.
        response = TemplateResponse(
            request,
            "api/admin/key_created.html",
            {"key": key, "token": token, "page_title": _("API key created")},
        )
        response["Cache-Control"] = "no-store"
        return response
    return TemplateResponse(
        request, "api/admin/key_add.html", {"form": form, "page_title": _("New API key")}
    )


@require_http_methods(["GET", "POST"])
def revoke(request, key_id):
    _require(request.user, "masthead_api.change_apikey")
    key = get_object_or_404(ApiKey, pk=key_id)
    if request.method == "POST":
        services.do_revoke_api_key(key)
        messages.success(request, _("The key “%(name)s” is revoked.") % {"name": key.name})
        return redirect("api_keys:index")
    return TemplateResponse(
        request, "api/admin/key_revoke.html", {"key": key, "page_title": _("Revoke API key")}
    )
