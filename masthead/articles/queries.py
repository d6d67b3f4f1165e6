"""Shared reads of articles. Every listing goes through `cards()` so that the
number of queries stays the same however many articles a page shows."""

from django.db.models import Count, F, Prefetch, Q

from masthead.core import fragments

from .models import ArticleAuthor, ArticlePage, ArticlePageTag, AuthorPage, EditorsPicks


def cards(queryset):
    """Everything an article card shows, fetched in a fixed number of queries."""
    return queryset.select_related("section", "lead_image").prefetch_related(
        "lead_image__renditions",
        Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
        ),
    )


def published():
    """Live, published articles outside every restricted section: Wagtail's `public()`,
    from the cached list of restrictions (core/fragments.py) instead of a query per call."""
    restrictions, _ = fragments.view_restrictions()
    private = Q()
    for restriction in restrictions:
        private |= Q(path__startswith=restriction.page_path)
    articles = ArticlePage.objects.live().filter(published_at__isnull=False)
    return articles.exclude(private) if private else articles


def latest_articles(limit=10, exclude=()):
    return list(cards(published().exclude(pk__in=exclude).order_by("-published_at"))[:limit])


def articles_in_section(section):
    return cards(published().filter(section=section).order_by("-published_at", "-pk"))


def articles_by_author(author):
    return cards(
        published().filter(article_authors__author=author).order_by("-published_at", "-pk")
    )


def articles_tagged(tag):
    return cards(published().filter(tagged_items__tag=tag).order_by("-published_at", "-pk"))


def related_articles(article, limit=4, tag_ids=None):
    """Newest articles sharing a tag or the section with `article`, never itself.

    Two narrow queries (the section's newest, the tags' newest), each served by an index,
    instead of one OR across both that PostgreSQL must scan; then the cards by id."""
    if tag_ids is None:
        tag_ids = [tag.pk for tag in article.tags.all()]
    newest = published().exclude(pk=article.pk).order_by("-published_at", "-pk")
    candidates = []
    if article.section_id:
        candidates += newest.filter(section_id=article.section_id).values_list(
            "published_at", "pk"
        )[:limit]
    if tag_ids:
        tagged = ArticlePageTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        candidates += newest.filter(pk__in=tagged).values_list("published_at", "pk")[:limit]
    chosen = [pk for _, pk in sorted(set(candidates), reverse=True)[:limit]]
    if not chosen:
        return []
    articles = {a.pk: a for a in cards(ArticlePage.objects.filter(pk__in=chosen))}
    return [articles[pk] for pk in chosen if pk in articles]


def authors_for_box(article):
    """The article's authors, in byline order, with their photos (for the author boxes)."""
    links = (
        ArticleAuthor.objects.filter(article=article)
        .select_related("author__photo")
        .prefetch_related("author__photo__renditions")
        .order_by("sort_order")
    )
    return [link.author for link in links]


def editors_picks(site, limit=6):
    setting = EditorsPicks.for_site(site)
    pick_ids = list(
        setting.picks.order_by("sort_order").values_list("article_id", flat=True)[:limit]
    )
    articles = {a.pk: a for a in cards(published().filter(pk__in=pick_ids))}
    return [articles[pk] for pk in pick_ids if pk in articles]


def authors_index():
    return AuthorPage.objects.live().select_related("photo").order_by("title")


def tags_in_use():
    """Topic tags of live, public articles with how many each has: rows of `tag_id`,
    `name`, `slug` and `article_count` (one query)."""
    return (
        ArticlePageTag.objects.filter(content_object_id__in=published().values("pk"))
        .values("tag_id", name=F("tag__name"), slug=F("tag__slug"))
        .annotate(article_count=Count("pk"))
    )
