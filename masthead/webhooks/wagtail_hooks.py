from wagtail import hooks

from . import panels
from .views import webhook_endpoint_viewset


@hooks.register("register_admin_viewset")
def register_webhooks_viewset():
    return webhook_endpoint_viewset


hooks.register("construct_homepage_panels", panels.add_to_dashboard)
