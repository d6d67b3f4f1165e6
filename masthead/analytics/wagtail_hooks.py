from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_analytics_urls():
    urls = [
        path("", admin_views.dashboard, name="dashboard"),
        path("articles/<int:page_id>/", admin_views.article, name="article"),
    ]
    return [path("analytics/", include((urls, "analytics_admin"), namespace="analytics_admin"))]


@hooks.register("register_admin_menu_item")
def register_analytics_menu_item():
    return MenuItem(
        _("Analytics"), reverse("analytics_admin:dashboard"), icon_name="table", order=250
    )
