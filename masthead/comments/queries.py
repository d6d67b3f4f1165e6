"""Reads: an article's thread page, counts for cards, a reader's own state, the queue.

Every read here runs a fixed number of queries, however many comments there are."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from .models import Comment, Discussion, Like

Status = Comment.Status

ORDERS = {
    "newest": ("-pinned", "-created_at", "-pk"),
    "oldest": ("-pinned", "created_at", "pk"),
    "liked": ("-pinned", "-like_count", "-created_at", "-pk"),
}
DEFAULT_ORDER = "newest"
ORDER_PARAM = "sort"
PAGE_PARAM = "cpage"


def clean_order(value):
    return value if value in ORDERS else DEFAULT_ORDER


def clean_page(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 0 < number < 100_000 else 1


def thread_page(article_id, order=DEFAULT_ORDER, number=1):
    """One page of an article's visible threads: three queries (the discussion, with the
    count of top-level comments; the page; its replies), one without comments."""
    discussion = Discussion.objects.filter(article_id=article_id).first() or Discussion(
        article_id=article_id
    )
    replies = (
        Comment.objects.filter(status=Status.VISIBLE)
        .select_related("author", "in_reply_to__author")
        .order_by("created_at", "pk")
    )
    top = (
        Comment.objects.filter(article_id=article_id, parent=None, status=Status.VISIBLE)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by(*ORDERS[clean_order(order)])
    )
    paginator = Paginator(top, settings.COMMENTS_PAGE_SIZE)
    paginator.count = discussion.top_count  # kept by services: no COUNT query
    page = paginator.get_page(number)
    return discussion, page


def counts(article_ids):
    """{article id: visible comments} in one query (articles without comments: absent)."""
    return dict(
        Discussion.objects.filter(article_id__in=list(article_ids), count__gt=0).values_list(
            "article_id", "count"
        )
    )


def card_count(article):
    """The count of an article card's comments, from the row articles.queries.cards()
    selected with the card (no query), or 0."""
    try:
        discussion = article.discussion
    except Discussion.DoesNotExist:
        return 0
    except AttributeError:
        return 0
    return discussion.count if discussion is not None else 0


def own_and_liked(user, article_id):
    """(the reader's own comments on one article that only they see or may still change:
    held, rejected with the reason, visible ones within the edit window; the ids of the
    comments there they liked), in one query."""
    since = timezone.now() - datetime.timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)
    mine = Q(author=user) & (
        Q(status__in=[Status.HELD, Status.REJECTED])
        | Q(status=Status.VISIBLE, created_at__gte=since)
    )
    liked = Exists(Like.objects.filter(comment=OuterRef("pk"), user=user))
    rows = list(
        Comment.objects.filter(article_id=article_id)
        .annotate(liked=liked)
        .filter(mine | Q(liked=True))
        .select_related("in_reply_to__author")
        .order_by("created_at", "pk")
    )
    own = [
        c
        for c in rows
        if c.author_id == user.pk and (c.status != Status.VISIBLE or c.created_at >= since)
    ]
    return own, {c.pk for c in rows if c.liked}


def own_on_article(user, article_id):
    return own_and_liked(user, article_id)[0]


QUEUES = {
    "new": Q(status=Status.VISIBLE, moderated_at=None),
    "held": Q(status=Status.HELD),
    "reported": Q(report_count__gt=0, reports__resolved_at=None)
    & Q(status__in=[Status.VISIBLE, Status.HELD]),
    "rejected": Q(status=Status.REJECTED),
    "hidden": Q(status__in=[Status.HIDDEN, Status.DELETED]),
    "all": Q(),
}


def queue(name, *, article_ids=None, search=""):
    """Comments in one moderation queue, newest first, with what a row shows."""
    comments = Comment.objects.filter(QUEUES.get(name, QUEUES["held"]))
    if article_ids is not None:
        comments = comments.filter(article_id__in=article_ids)
    if search:
        comments = comments.filter(Q(body__icontains=search) | Q(author__email__icontains=search))
    return (
        comments.select_related("author", "article", "in_reply_to__author")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at=None)))
        .distinct()
        .order_by("-created_at", "-pk")
    )


def queue_counts(article_ids=None):
    base = Comment.objects.all()
    if article_ids is not None:
        base = base.filter(article_id__in=article_ids)
    return {
        "held": base.filter(QUEUES["held"]).count(),
        "reported": base.filter(QUEUES["reported"]).distinct().count(),
        "new": base.filter(QUEUES["new"]).count(),
    }


def authored_article_ids(user):
    """Ids of the articles whose byline names this user (AuthorPage.user) or that they
    created: what an author sees in the comments admin."""
    from masthead.articles.models import ArticleAuthor, ArticlePage

    bylined = ArticleAuthor.objects.filter(author__user=user).values_list("article_id", flat=True)
    owned = ArticlePage.objects.filter(owner=user).values_list("pk", flat=True)
    return set(bylined) | set(owned)
