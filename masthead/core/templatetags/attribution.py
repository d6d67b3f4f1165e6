"""`{% attribution_field %}`: the empty hidden field that carries a reader's first-party
source with a form (masthead/core/attribution.py). It is the same for every reader, so
cached pages may hold it; the analytics script fills it in the reader's tab."""

from django import template
from django.utils.html import format_html

from masthead.core.attribution import FIELD

register = template.Library()


@register.simple_tag
def attribution_field():
    return format_html('<input type="hidden" name="{}" value="" data-attribution>', FIELD)
