from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_api_key_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("add/", admin_views.add, name="add"),
        path("<int:key_id>/revoke/", admin_views.revoke, name="revoke"),
    ]
    return [path("api-keys/", include((urls, "api_keys"), namespace="api_keys"))]


class ApiKeysMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage_keys(request.user)


@hooks.register("register_settings_menu_item")
def register_api_keys_menu_item():
    return ApiKeysMenuItem(
        _("API keys"), reverse("api_keys:index"), name="api-keys", icon_name="key", order=900
    )
