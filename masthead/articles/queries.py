"""Shared reads of articles. Every listing goes through `cards()` so that the
number of queries stays the same however many articles a page shows."""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)

from masthead.core import fragments

from .models import (
    ArticleAuthor,
    ArticlePage,
    ArticlePageTag,
    AuthorPage,
    EditorsPick,
    EditorsPicks,
)

# One-to-one relations other apps keep per article and show on cards (comments: the
# count), selected with the card query; added in their AppConfig.ready().
_card_relations = []


def add_card_relation(name):
    """Select the reverse one-to-one `name` with every card (no query per card)."""
    if name not in _card_relations:
        _card_relations.append(name)


def cards(queryset):
    """Everything an article card shows, fetched in a fixed number of queries."""
    return queryset.select_related("section", "lead_image", *_card_relations).prefetch_related(
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
    """Newest articles sharing a tag or the section with `article`, never itself."""
    return article_foot(article, tag_ids=tag_ids, related=limit, teaser=False).related


@dataclass
class Foot:
    """What an article's foot shows of other articles (article_foot)."""

    related: list = field(default_factory=list)
    teaser: ArticlePage | None = None
    picks: list = field(default_factory=list)


def article_foot(article, tag_ids=None, site_id=None, related=4, picks=0, teaser=True):
    """The articles shown around `article`, never itself, read in ONE query (plus the
    cards' two prefetches):

    - `related`: the newest sharing a tag or the section. Each side is a narrow subquery
      served by an index (the section's newest, the tags' newest), never one OR that
      PostgreSQL must scan; the newest of both are kept.
    - `teaser`: the opinion piece an editor pinned on the article, or else the newest
      opinion piece sharing one of its topics, or else the newest; none when the editor
      hid it (`ArticlePage.hide_opinion_teaser`).
    - `picks`: the first `picks` editors' picks of the site `site_id`, in their order.

    Each list is a subquery of one card query, which marks each row with the lists it
    belongs to."""
    if tag_ids is None:
        tag_ids = [tag.pk for tag in article.tags.all()]
    others = published().exclude(pk=article.pk)
    newest = others.order_by("-published_at", "-pk")
    tagged = ArticlePageTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
    parts = {}
    if related and article.section_id:
        parts["section"] = newest.filter(section_id=article.section_id).values("pk")[:related]
    if related and tag_ids:
        parts["tags"] = newest.filter(pk__in=tagged).values("pk")[:related]
    if teaser and not article.hide_opinion_teaser:
        # The pinned piece first while it is published, then those on the same topics.
        opinion = Q(kind=ArticlePage.Kind.OPINION)
        order = []
        if article.opinion_teaser_id:
            pinned = Q(pk=article.opinion_teaser_id)
            opinion |= pinned
            order.append(ExpressionWrapper(pinned, BooleanField()).desc())
        if tag_ids:
            on_topic = ArticlePageTag.objects.filter(
                content_object_id=OuterRef("pk"), tag_id__in=tag_ids
            )
            order.append(Exists(on_topic).desc())
        order += ["-published_at", "-pk"]
        parts["teaser"] = others.filter(opinion).order_by(*order).values("pk")[:1]
    chosen_picks = EditorsPick.objects.filter(setting__site_id=site_id).order_by("sort_order")
    if picks and site_id is not None:
        parts["picks"] = chosen_picks.exclude(article_id=article.pk).values("article_id")[:picks]
    if not parts:
        return Foot()
    marks = {
        name: ExpressionWrapper(Q(pk__in=query), BooleanField()) for name, query in parts.items()
    }
    rows = others.filter(reduce(operator.or_, (Q(pk__in=query) for query in parts.values())))
    rows = rows.annotate(**{f"in_{name}": mark for name, mark in marks.items()})
    if "picks" in parts:
        order = chosen_picks.filter(article_id=OuterRef("pk")).values("sort_order")[:1]
        rows = rows.annotate(pick_order=Subquery(order))
    rows = list(cards(rows))

    def marked(name):
        return [row for row in rows if getattr(row, f"in_{name}", False)]

    newest_first = sorted(
        marked("section") + marked("tags"), key=lambda row: (row.published_at, row.pk), reverse=True
    )
    return Foot(
        related=list(dict.fromkeys(newest_first))[:related],
        teaser=next(iter(marked("teaser")), None),
        picks=sorted(marked("picks"), key=lambda row: (row.pick_order, row.pk)),
    )


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
