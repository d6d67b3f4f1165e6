"""schema.org JSON-LD for articles, the home page and author pages, and the values the
Open Graph and Twitter card tags share with it.

Everything is built as Python data and serialised by `script_tag()`, which escapes
`<`, `>` and `&` so no headline or bio can close the script element.
"""

import json
import logging

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

logger = logging.getLogger(__name__)

HEADLINE_LIMIT = 110
# The lead image in the three aspect ratios Google asks for (16:9, 4:3, 1:1).
IMAGE_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
LOGO_SPEC = "max-600x60"
FALLBACK_LOGO = ("masthead/img/publisher-logo.png", 600, 60)

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_tag(data):
    """`data` as a JSON-LD script element, safe to put in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308  # nosec B308 B703 # escaped above


def headline(text, limit=HEADLINE_LIMIT):
    """At most `limit` characters, cut on a word boundary with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def iso(value):
    return value.isoformat(timespec="seconds") if value else None


def image_objects(image, base):
    """ImageObjects of `image` in each aspect ratio, largest first (one query)."""
    if image is None:
        return []
    try:
        renditions = image.get_renditions(*IMAGE_SPECS)
    except SourceImageIOError:
        logger.warning("image %s has no file: left out of structured data", image.pk)
        return []
    return [
        {
            "@type": "ImageObject",
            "url": base.absolute(renditions[spec].url),
            "width": renditions[spec].width,
            "height": renditions[spec].height,
        }
        for spec in IMAGE_SPECS
    ]


def logo(outlet, base):
    """The publisher's logo: SiteSettings.logo, else the static wordmark."""
    if outlet.logo_id:
        try:
            rendition = outlet.logo.get_rendition(LOGO_SPEC)
        except SourceImageIOError:
            logger.warning("the site logo (image %s) has no file", outlet.logo_id)
        else:
            return {
                "@type": "ImageObject",
                "url": base.absolute(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
    path, width, height = FALLBACK_LOGO
    return {
        "@type": "ImageObject",
        "url": base.absolute(static(path)),
        "width": width,
        "height": height,
    }


def organization(outlet, base, social=()):
    data = {
        "@type": "Organization",
        "@id": base.absolute("/#organization"),
        "name": outlet.outlet_name,
        "url": base.absolute("/"),
        "logo": logo(outlet, base),
    }
    if outlet.description:
        data["description"] = outlet.description
    same_as = [link.url for link in social]
    if same_as:
        data["sameAs"] = same_as
    return data


def publisher(outlet, base):
    return {
        "@type": "Organization",
        "@id": base.absolute("/#organization"),
        "name": outlet.outlet_name,
        "url": base.absolute("/"),
        "logo": logo(outlet, base),
    }


def person(author, base):
    data = {"@type": "Person", "name": author.title, "url": base.page_url(author.url_path)}
    if author.role:
        data["jobTitle"] = author.role
    return data


def news_article(article, base, outlet, authors, tags, images):
    """A NewsArticle (https://developers.google.com/search/docs/appearance/structured-data/article)."""
    url = base.page_url(article.url_path)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url + "#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": headline(article.title),
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.modified_at),
        "author": [person(author, base) for author in authors],
        "publisher": publisher(outlet, base),
        "isAccessibleForFree": article.is_accessible_for_free(),
        "inLanguage": settings.LANGUAGE_CODE,
        "wordCount": article.word_count,
    }
    description = article.get_meta_description()
    if description:
        data["description"] = description
    if images:
        data["image"] = images
    if article.section_id:
        data["articleSection"] = article.section.title
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    if not data["isAccessibleForFree"]:
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".article__gated",
        }
    return data


def breadcrumbs(article, base, outlet):
    trail = [(outlet.outlet_name, base.absolute("/"))]
    if article.section_id:
        trail.append((article.section.title, base.page_url(article.section.url_path)))
    trail.append((headline(article.title), base.page_url(article.url_path)))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def home(outlet, base, social=()):
    """Organization and WebSite with a SearchAction (the sitelinks search box)."""
    return [
        {"@context": "https://schema.org", **organization(outlet, base, social)},
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "@id": base.absolute("/#website"),
            "name": outlet.outlet_name,
            "url": base.absolute("/"),
            "publisher": {"@id": base.absolute("/#organization")},
            "inLanguage": settings.LANGUAGE_CODE,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": base.absolute(reverse("search")) + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        },
    ]


def profile_page(author, base, image=None):
    """A ProfilePage whose main entity is the author."""
    entity = person(author, base)
    entity["@id"] = base.page_url(author.url_path) + "#person"
    if author.short_bio:
        entity["description"] = author.short_bio
    if image:
        entity["image"] = image["url"]
    same_as = [link.url for link in author.links.all()]
    if same_as:
        entity["sameAs"] = same_as
    data = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": base.page_url(author.url_path),
        "mainEntity": entity,
    }
    if author.first_published_at:
        data["dateCreated"] = iso(author.first_published_at)
    if author.last_published_at:
        data["dateModified"] = iso(author.last_published_at)
    return data
