from django import template
from django.utils.safestring import mark_safe

from masthead.core import slots as slot_registry
from masthead.core.models import NavigationSettings, SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name):
    """Render the widgets other apps registered for the named slot (see core/slots.py)."""
    return mark_safe(slot_registry.render(name, context))  # noqa: S308 - renderers return escaped HTML


@register.simple_tag(takes_context=True)
def navigation(context):
    """The site's header, secondary, footer and social links, in a fixed number of queries."""
    request = context.get("request")
    cached = getattr(request, "_masthead_navigation", None)
    if cached is not None:
        return cached
    nav = NavigationSettings.for_request(request)
    result = {
        "header": list(nav.header_links.select_related("page").order_by("sort_order")),
        "secondary": list(nav.secondary_links.select_related("page").order_by("sort_order")),
        "footer": list(nav.footer_links.select_related("page").order_by("sort_order")),
        "social": list(nav.social_links.order_by("sort_order")),
    }
    for link in [*result["header"], *result["secondary"], *result["footer"]]:
        link.href = link.page.get_url(request=request) if link.page_id else link.url
    if request is not None:
        request._masthead_navigation = result
    return result


@register.simple_tag(takes_context=True)
def site_settings(context):
    request = context.get("request")
    return SiteSettings.for_request(request)


@register.filter
def link_href(page, request=None):
    return page.get_url(request=request) if page else ""
