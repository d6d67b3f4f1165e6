"""Tags for what sits at an article's foot: share links and the editors' picks grid."""

from django import template

from .. import picks, sharing

register = template.Library()


@register.simple_tag
def share_links(url, title):
    """[(network, label, href)] for the article at the absolute `url` (sharing.py)."""
    return sharing.share_links(url, title)


@register.simple_tag
def share_url(url, source):
    """`url` carrying the share campaign's UTM parameters for `source`."""
    return sharing.tracked(url, source)


@register.simple_tag
def picks_grid(items):
    """The picks that fill whole rows, and their column classes (picks.py)."""
    return picks.fit_grid(items or ())


@register.filter
def fragment_tags(page, more=""):
    """The fragment tags of something shown on `page` ("article:42", plus `more`)."""
    return f"article:{page.pk} {more}".strip()
