"""`{% supporter_count %}` (the all-time number of members and donors, e.g. "All thanks
to {% supporter_count %} supporters") and `{% campaign_meters %}` for templates and copy
blocks. Both come from the fragment cache (tags `supporters`, `campaign:<id>`): no query
when warm, and the same for every reader."""

from django import template
from django.utils.formats import number_format

from masthead.members import campaigns

register = template.Library()


@register.simple_tag(takes_context=True)
def supporter_count(context):
    return number_format(
        campaigns.cached_supporter_total(context.get("request")), force_grouping=True
    )


@register.simple_tag(takes_context=True)
def campaign_meters(context):
    return campaigns.render_meters(context.get("request"))
