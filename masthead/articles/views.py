from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from taggit.models import Tag

from . import distribution, feeds, queries, sitemaps
from .models import paginate


def tag_page(request, slug):
    """Every published article on one topic, newest first."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404
    articles = paginate(request, queries.articles_tagged(tag))
    return TemplateResponse(request, "articles/tag_page.html", {"tag": tag, "articles": articles})


# --- Feeds, sitemaps and robots.txt (see distribution.py) ------------------------------


def _served(request, body, content_type, last_modified=None):
    return distribution.cacheable_response(
        request, HttpResponse(body, content_type=content_type), last_modified
    )


@require_safe
def feed(request, fmt, kind="site", slug=None):
    """RSS, Atom or JSON Feed of the newest articles of the site, a section, an author or
    a topic."""
    body, content_type, last_modified = feeds.render(request, kind, fmt, slug)
    return _served(request, body, content_type, last_modified)


@require_safe
def sitemap_index(request):
    body, last_modified = sitemaps.render_index(distribution.site_base(request))
    return _served(request, body, "application/xml; charset=utf-8", last_modified)


@require_safe
def sitemap_section(request, part, page):
    rendered = sitemaps.render_page(part, page, distribution.site_base(request))
    if rendered is None:
        raise Http404
    body, last_modified = rendered
    return _served(request, body, "application/xml; charset=utf-8", last_modified)


@require_safe
def news_sitemap(request):
    body, last_modified = sitemaps.render_news(distribution.site_base(request), request)
    return _served(request, body, "application/xml; charset=utf-8", last_modified)


@require_safe
def robots_txt(request):
    base = distribution.site_base(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /search?",
        "",
        f"Sitemap: {base.absolute(reverse('sitemap_index'))}",
        f"Sitemap: {base.absolute(reverse('news_sitemap'))}",
    ]
    return _served(request, "\n".join(lines) + "\n", "text/plain; charset=utf-8")
