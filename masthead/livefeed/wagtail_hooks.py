from wagtail import hooks

from .admin_views import feed_item_viewset


@hooks.register("register_admin_viewset")
def register_feed_item_viewset():
    return feed_item_viewset
