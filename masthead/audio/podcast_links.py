"""Where readers and podcast apps find the podcast feed: a `<link rel="alternate">` in
every page's head (the `head` slot) and a "Listen" box on the home page (`home.rail`).
Shared cached HTML, no queries: the feed exists even before the first narration."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from masthead.core import fragments


def podcast_title(context):
    outlet = context.get("outlet")
    name = getattr(outlet, "outlet_name", "") or ""
    return (
        _("%(outlet)s: narrated articles (podcast)") % {"outlet": name}
        if name
        else _("Narrated articles (podcast)")
    )


def render_head_link(context):
    """Rendered once per generation (a settings change starts a new one), not on every
    uncached render."""
    request = context.get("request")
    return fragments.shared(
        request,
        "podcast-head-link",
        [request.get_host() if request is not None else ""],
        lambda: format_html(
            '<link rel="alternate" type="application/rss+xml" title="{}" href="{}">',
            podcast_title(context),
            reverse("podcast_feed"),
        ),
    )


def render_home_box(context):
    return render_to_string("audio/podcast_box.html", {"feed_url": reverse("podcast_feed")})
