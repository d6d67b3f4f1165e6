import datetime
import logging
from typing import NamedTuple

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from masthead.core import fragments
from masthead.core import slots as slot_registry
from masthead.core.models import NavigationSettings, SiteSettings
from masthead.core.staff import is_staff

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def slot(context, name):
    """Render the widgets other apps registered for the named slot (see core/slots.py)."""
    return mark_safe(slot_registry.render(name, context))  # noqa: S308  # nosec B308 B703 # renderers escape


@register.simple_tag(takes_context=True)
def script_once(context, path):
    """`{% script_once "app/x.js" %}`: the deferred script, unless a widget on the page
    already wrote it (core/slots.py)."""
    return slot_registry.script_once(context, path)


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, target, tags=None):
        self.nodelist, self.name, self.parts, self.target = nodelist, name, parts, target
        self.tags = tags

    def render(self, context):
        request = context.get("request")
        parts = [part.resolve(context) for part in self.parts]
        tags = self.tags.resolve(context) if self.tags is not None else ()
        html = fragments.get_or_set(
            request,
            self.name.resolve(context),
            parts,
            lambda: self.nodelist.render(context),
            tags=tags,
        )
        if self.target:
            context[self.target] = mark_safe(html)  # noqa: S308  # nosec B308 B703 # rendered by a template
            return ""
        return html


@register.tag
def fragment(parser, token):
    """`{% fragment "name" key… [tags="article:42 nav"] [as var] %}…{% endfragment %}`: the
    enclosed HTML, rendered once per content generation for each key (core/fragments.py).
    Only for HTML that is the same for every reader of a page; `tags` (a string of words,
    or a list) say what it shows, so that a change bumps only the fragments showing it;
    with `as var` it is stored instead of shown."""
    bits = token.split_contents()
    target = None
    if len(bits) > 3 and bits[-2] == "as":
        target = bits[-1]
        bits = bits[:-2]
    tags = None
    kept = []
    for bit in bits[1:]:
        if bit.startswith("tags="):
            tags = parser.compile_filter(bit[len("tags=") :])
        else:
            kept.append(bit)
    if not kept:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name, *parts = (parser.compile_filter(bit) for bit in kept)
    return FragmentNode(nodelist, name, parts, target, tags)


@register.inclusion_tag("core/reader/account_fallback.html")
def reader_account_link():
    """The header's account place: a plain "Sign in" link that reader.js replaces with
    the reader's own part (core/reader.py); the same bytes for every reader."""
    from masthead.core.reader import sign_in_url

    return {"sign_in_url": sign_in_url()}


@register.simple_tag(takes_context=True)
def navigation(context):
    """The site's header, secondary, footer and social links, in a fixed number of queries."""
    request = context.get("request")
    cached = getattr(request, "_masthead_navigation", None)
    if cached is not None:
        return cached
    host = request.get_host() if request is not None else ""
    result = fragments.get_or_set(request, "navigation", [host], lambda: _navigation(request))
    if request is not None:
        request._masthead_navigation = result
    return result


class Link(NamedTuple):
    href: str
    text: str
    is_external: bool
    page_id: int | None


class Social(NamedTuple):
    url: str
    get_platform_display: str


class Navigation(NamedTuple):
    """The site's links, as plain values that nothing can change: the fragments'
    per-process copy holds them as they are, with no copy per read (core/fragments.py)."""

    header: tuple[Link, ...]
    secondary: tuple[Link, ...]
    footer: tuple[Link, ...]
    social: tuple[Social, ...]


def _navigation(request):
    nav = NavigationSettings.for_request(request)

    def links(related):
        return tuple(
            Link(
                href=link.page.get_url(request=request) if link.page_id else link.url,
                text=str(link.text),
                is_external=link.is_external,
                page_id=link.page_id,
            )
            for link in related.select_related("page").order_by("sort_order")
        )

    return Navigation(
        header=links(nav.header_links),
        secondary=links(nav.secondary_links),
        footer=links(nav.footer_links),
        social=tuple(
            Social(url=link.url, get_platform_display=str(link.get_platform_display()))
            for link in nav.social_links.order_by("sort_order")
        ),
    )


@register.simple_tag
def nav_current(nav, page):
    """Where `page` is in the navigation ("<page id>:<section id>", each part empty when
    no link points there): all that base.html's site header, a fragment, differs by."""
    pk = getattr(page, "pk", None)  # not every view's `page` is a Wagtail page
    if pk is None or not nav:
        return ""
    links = [*nav.header, *nav.secondary]
    ids = {link.page_id for link in links if link.page_id}
    section_id = getattr(page, "section_id", None)
    here = pk if pk in ids else ""
    section = section_id if section_id in ids else ""
    return f"{here}:{section}"


@register.simple_tag(takes_context=True)
def site_settings(context):
    return cached_site_settings(context.get("request"))


def cached_site_settings(request):
    """SiteSettings.for_request, reused across requests until the next purge (settings
    saves purge everything). Later for_request calls in the same request get this copy."""
    if request is None or hasattr(request, SiteSettings.get_cache_attr_name()):
        return SiteSettings.for_request(request)

    def load():
        found = SiteSettings.for_request(request)
        found.logo  # noqa: B018 - fetched now, so the cached copy carries it
        return found

    found = fragments.get_or_set(request, "site-settings", [request.get_host()], load)
    found._request = request
    setattr(request, SiteSettings.get_cache_attr_name(), found)
    return found


@register.filter
def link_href(page, request=None):
    return page.get_url(request=request) if page else ""


# Date formats for readers, in the site's time zone (settings.TIME_ZONE).
# Translators may reorder them per language: they are Django date formats.
TIMESTAMP_FORMATS = {
    "full": pgettext_lazy("date format", "j F Y, g:i A"),  # 25 November 2026, 6:16 AM
    "short": pgettext_lazy("date format", "j M Y, g:i A"),  # 25 Nov 2026, 6:16 AM
    "date": pgettext_lazy("date format", "j F Y"),  # 25 November 2026
    "time": pgettext_lazy("date format", "g:i A"),  # 6:16 AM
}


@register.simple_tag
def timestamp(value, style="full"):
    """A `<time>` element with a machine-readable ISO datetime and a reader-friendly label."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.replace(microsecond=0)
    label = dateformat.format(value, str(TIMESTAMP_FORMATS.get(style, TIMESTAMP_FORMATS["full"])))
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), label)


@register.simple_tag
def current_year():
    """This year in the site's time zone, as `{% now "Y" %}` says it, for a third of
    the cost (base.html's footer, on every render)."""
    return timezone.localdate().year


@register.simple_tag(takes_context=True)
def can_edit(context, page):
    """Whether the signed-in user may edit `page` in the admin. Only staff may, so readers
    (anonymous or signed in) get the same markup, which the caches share."""
    request = context.get("request")
    if page is None or not is_staff(request):
        return False
    return page.permissions_for_user(request.user).can_edit()


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The absolute address of `path` (default: the current path, without its query)."""
    request = context.get("request")
    if request is None:
        return ""
    return request.build_absolute_uri(path if path is not None else request.path)


@register.filter
def page_range(page_obj):
    """Page numbers around the current one, with the paginator's ellipsis for gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address showing page `number` of a list; page 1 gets no `page` parameter,
    and the other parameters (a search query) are kept."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    if int(number) > 1:
        params["page"] = number
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


@register.simple_tag
def responsive_image(image, spec, **attrs):
    """Wagtail's `srcset_image`, minus repeated widths: an <img> whose srcset lists each
    rendition of `spec` (e.g. "fill-{480x270,960x540} format-webp") once per width.
    Wagtail never upscales, so a small original gives several renditions of one width,
    which makes the srcset invalid HTML."""
    from wagtail.images.models import Filter, ResponsiveImage, SourceImageIOError

    if not image:
        return ""
    renditions = {}
    widths = set()
    try:
        made = image.get_renditions(*Filter.expand_spec(spec))
    except SourceImageIOError:
        # A lost original must not take the page down: the reader gets the text.
        logger.warning("image %s has no file; left out of the page", image.pk)
        return ""
    for filter_spec, rendition in made.items():
        if rendition.width not in widths:
            widths.add(rendition.width)
            renditions[filter_spec] = rendition
    return mark_safe(ResponsiveImage(renditions, attrs).__html__())  # noqa: S308  # nosec B308 B703 # flatatt escapes
