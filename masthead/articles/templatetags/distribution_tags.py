"""`{% distribution_head %}`: what base.html's head tells other machines about a page —
feed links, Open Graph and Twitter card tags, and JSON-LD structured data."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from masthead.core import fragments
from masthead.core.models import SiteSettings

from .. import structured_data
from ..distribution import FEED_FORMATS, site_base
from ..models import ArticlePage, AuthorPage, SectionPage

register = template.Library()

FEED_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def feed_links(name, kwargs, title):
    return [
        (
            FEED_FORMATS[fmt][1].split(";")[0],
            f"{title} ({FEED_LABELS[fmt]})",
            reverse(name, kwargs={**kwargs, "fmt": fmt}),
        )
        for fmt in FEED_FORMATS
    ]


def canonical(context, request, base, page):
    if page is not None and getattr(page, "url_path", None):
        url = base.page_url(page.url_path)
    else:
        # as the tag page's canonical link says (masthead_tags.absolute_url)
        url = request.build_absolute_uri(request.path)
    listing = context.get("articles")
    number = getattr(listing, "number", 1)
    return f"{url}?page={number}" if isinstance(number, int) and number > 1 else url


@register.simple_tag(takes_context=True)
def distribution_head(context):
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    if page is None or context.get("tag") is not None:
        return _distribution_head(context, request)
    # The same for every reader of a Wagtail page (and each page of its list): reused
    # until the next purge (core/fragments.py).
    number = getattr(context.get("articles"), "number", 1)
    parts = [request.scheme, request.get_host(), request.path, page.pk, number]
    return fragments.get_or_set(
        request,
        "distribution-head",
        parts,
        lambda: _distribution_head(context, request),
        tags=[fragments.path_tag(request.path)],
    )


def _distribution_head(context, request):
    base = site_base(request)
    outlet = SiteSettings.for_request(request)
    page = context.get("page")
    specific = page if isinstance(page, ArticlePage | AuthorPage | SectionPage) else None
    tag = context.get("tag")
    name = outlet.outlet_name

    links = feed_links("feed", {}, name)
    og_type = "website"
    title = name
    description = outlet.description or outlet.tagline
    image, image_alt = None, ""
    json_ld = []
    article_meta = []

    if page is not None:
        title = page.seo_title or page.title
        if hasattr(page, "get_meta_description"):
            description = page.get_meta_description() or description
    if tag is not None and page is None:
        title = tag.name
        description = _("Articles about %(name)s") % {"name": tag.name}
        links += feed_links("tag_feed", {"slug": tag.slug}, f"{tag.name} · {name}")

    if isinstance(specific, ArticlePage):
        og_type = "article"
        social = specific.get_social_image()
        images = structured_data.image_objects(social, base)
        if images:
            image, image_alt = images[0], social.description or specific.title
        authors = context.get("authors")
        if authors is None:
            authors = specific.ordered_authors
        tags = context.get("tags")
        if tags is None:
            tags = list(specific.tags.all())
        if specific.section_id:
            section = specific.section
            links += feed_links("section_feed", {"slug": section.slug}, f"{section.title} · {name}")
        json_ld += [
            structured_data.news_article(specific, base, outlet, authors, tags, images),
            structured_data.breadcrumbs(specific, base, outlet),
        ]
        article_meta += [
            ("article:published_time", structured_data.iso(specific.published_at)),
            ("article:modified_time", structured_data.iso(specific.modified_at)),
        ]
        if specific.section_id:
            article_meta.append(("article:section", specific.section.title))
        article_meta += [("article:author", base.page_url(a.url_path)) for a in authors]
        article_meta += [("article:tag", t.name) for t in tags]
    elif isinstance(specific, AuthorPage):
        og_type = "profile"
        description = specific.search_description or specific.short_bio or description
        links += feed_links("author_feed", {"slug": specific.slug}, f"{specific.title} · {name}")
        social = specific.get_social_image()
        images = structured_data.image_objects(social, base)
        if images:
            image, image_alt = images[-1], social.description or specific.title
        json_ld.append(structured_data.profile_page(specific, base, image))
    elif isinstance(specific, SectionPage):
        description = specific.search_description or specific.introduction or description
        links += feed_links("section_feed", {"slug": specific.slug}, f"{specific.title} · {name}")
    elif page is not None and base.site is not None and page.pk == base.site.root_page_id:
        nav = getattr(request, "_masthead_navigation", None)
        json_ld += structured_data.home(outlet, base, nav.social if nav else ())
    if image is None and page is not None and not isinstance(specific, ArticlePage | AuthorPage):
        # home, sections, standard pages: the social image an editor chose, if any
        social = page.get_social_image() if hasattr(page, "get_social_image") else None
        images = structured_data.image_objects(social, base)
        if images:
            image, image_alt = images[0], social.description or title

    url = canonical(context, request, base, page)
    meta = [
        ("og:site_name", name),
        ("og:type", og_type),
        ("og:title", title),
        ("og:url", url),
    ]
    if description:
        meta.append(("og:description", description))
    if image:
        meta += [
            ("og:image", image["url"]),
            ("og:image:width", str(image["width"])),
            ("og:image:height", str(image["height"])),
            ("og:image:alt", image_alt),
        ]
    meta += article_meta
    twitter = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
    ]
    if description:
        twitter.append(("twitter:description", description))
    if image:
        twitter += [("twitter:image", image["url"]), ("twitter:image:alt", image_alt)]

    html = [
        format_html_join(
            "\n",
            '<link rel="alternate" type="{}" title="{}" href="{}">',
            links,
        ),
        format_html_join("\n", '<meta property="{}" content="{}">', meta),
        format_html_join("\n", '<meta name="{}" content="{}">', twitter),
        *[structured_data.script_tag(data) for data in json_ld],
    ]
    return mark_safe("\n".join(str(part) for part in html if part))  # noqa: S308  # nosec B308 B703 # parts escaped
