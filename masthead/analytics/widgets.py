"""What analytics puts on reading pages (all cached for every reader, never per reader):

* `head`: the beacon script (deferred, a static file: `script-src 'self'` is enough),
  told the article's id on article pages, the page's id on other Wagtail pages (home,
  sections, authors, topics…);
* `article.after_body`, `body.end` (other pages): the `<noscript>` image that counts a
  view without JavaScript;
* `home.most_popular`, `article.popular`: the most popular lists, a fragment tagged
  `popular`, rendered from the ids the flush precomputed (services.do_refresh_popular).
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail.models import Page

from masthead.articles import queries as article_queries
from masthead.articles.models import ArticlePage
from masthead.core import fragments

from . import queries

POPULAR_KEY = "analytics:popular"
TAG = "popular"


def _article(context):
    page = context.get("page")
    return page if isinstance(page, ArticlePage) and page.pk else None


def _other_page(context):
    """A reader page that is not an article (home, section, author…): counted as a page."""
    page = context.get("page")
    if isinstance(page, Page) and page.pk and not isinstance(page, ArticlePage):
        return page
    return None


def render_head(context):
    """The beacon's script tag: per page, from the fragments' per-process copy (the
    static file's hashed name and the beacon's address are looked up once per page and
    generation, not on every uncached render)."""
    article = _article(context)
    if article:
        attribute, pk = "data-article", article.pk
    elif page := _other_page(context):
        attribute, pk = "data-page", page.pk
    else:
        attribute, pk = "", None

    def build():
        counted = format_html(' {}="{}"', attribute, pk) if attribute else ""
        return format_html(
            '<script src="{}" defer data-beacon="{}"{}></script>',
            static("analytics/beacon.js"),
            reverse("analytics:hit"),
            counted,
        )

    return fragments.shared(context.get("request"), "beacon-head", [attribute, pk], build)


def _pixel(context, param, pk):
    """The `<noscript>` image, per page from the fragments' per-process copy like the
    script tag (a URL reversed on every uncached render cost more than the rest)."""

    def build():
        return format_html(
            '<noscript><img class="beacon-pixel" src="{}?{}={}&amp;ns=1" alt="" width="1" '
            'height="1"></noscript>',
            reverse("analytics:hit"),
            param,
            pk,
        )

    return fragments.shared(context.get("request"), "beacon-noscript", [param, pk], build)


def render_noscript(context):
    article = _article(context)
    return _pixel(context, "a", article.pk) if article else ""


def render_page_noscript(context):
    page = _other_page(context)
    return _pixel(context, "p", page.pk) if page else ""


def popular_lists():
    """The lists the last flush precomputed ({"day": ids, "week": ids}); computed here
    only when the cache lost them."""
    lists = cache.get(POPULAR_KEY)
    if lists is None:
        lists = queries.compute_popular()
        cache.set(POPULAR_KEY, lists, timeout=None)
    return lists


def popular_html(variant, exclude=None):
    lists = popular_lists()
    ids = set(lists["day"]) | set(lists["week"])
    if not ids:
        return ""
    found = {a.pk: a for a in article_queries.cards(article_queries.published().filter(pk__in=ids))}
    day = [found[pk] for pk in lists["day"] if pk in found]
    week = [found[pk] for pk in lists["week"] if pk in found]
    if not day and not week:
        return ""
    return render_to_string(
        "analytics/popular.html", {"day": day, "week": week, "variant": variant}
    )


def _popular(context, variant):
    request = context.get("request")
    return fragments.get_or_set(
        request, "analytics-popular", [variant], lambda: popular_html(variant), tags=[TAG]
    )


def render_home_popular(context):
    return _popular(context, "home")


def render_article_popular(context):
    return _popular(context, "article")
