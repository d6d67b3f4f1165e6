"""The demo newsroom's comments: threads under the newest articles, written by the demo's
members, with replies, likes, a pinned comment, a staff reply and a few comments held in
the moderation queue (original text). Written in bulk, so it takes well under a second;
adds nothing when comments exist."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from masthead.articles.models import ArticlePage
from masthead.comments import text
from masthead.comments.models import Comment, CommentSettings, Discussion, Like

TOP = [
    "Thank you for reporting this from the ground. Nobody else covered the port at all.",
    "I live two streets from there. The power came back on Tuesday evening, for what it's worth.",
    "Could you publish the full figures? The chart only shows the last six months.",
    "This is the kind of story I became a member for. Please keep following it.",
    "I disagree with the conclusion. Prices fell in the spring too, and nobody called that a trend.",
    "My grandmother worked at that plant for thirty years. Reading this was hard, and necessary.",
    "A clear explanation, finally. I'm sending it to my parents.",
    "How many of the families mentioned have been able to return since?",
    "The second half is strong, but the headline promises more than the article shows.",
    "Good to see the volunteers named. They never get the credit.\n\nMore of this, please.",
    "The ministry's statement is here for anyone who wants to read it: https://example.org/statement",
    "I was at the meeting described here. The mood in the room was angrier than the piece suggests.",
]
REPLIES = [
    "Same here, our street had light again by Wednesday.",
    "> Prices fell in the spring too\n\nThey did, but not by this much. Look at the second table.",
    "Agreed. I'd read a follow-up.",
    "Thank you for sharing this.",
    "The figures are in the methodology note at the end.",
    "That matches what my cousin told me.",
]
HELD = [
    "Check out my channel for the REAL story, link in my profile!!!",
    "First time commenting here: I think the mayor's office has questions to answer.",
    "Everyone who believes this is a fool.",
]
STAFF_REPLY = (
    "Thanks for asking. We have requested the full figures from the ministry and will add "
    "them to the article when they arrive. — The editors"
)


def ensure(now, articles=6, seed=17):
    """Threads on the newest `articles` articles; returns the comments created."""
    if Comment.objects.exists():
        return 0
    User = get_user_model()
    readers = list(User.objects.filter(email__startswith="member").order_by("email")[:80])
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    newest = list(
        ArticlePage.objects.live()
        .filter(published_at__isnull=False)
        .order_by("-published_at")
        .values_list("pk", flat=True)[:articles]
    )
    if not readers or not newest:
        return 0
    settings = CommentSettings.objects.first()
    if settings is not None and not settings.guidelines:
        settings.guidelines = (
            "Be kind, stay on topic, and argue with ideas, not people. "
            "Comments that break these rules are removed."
        )
        settings.suspect_words = "channel\nfool\nidiot"
        settings.save()
    rng = random.Random(seed)
    created = []
    times = {}  # created_at is auto_now_add: the invented times are set afterwards
    for rank, article_id in enumerate(newest):
        start = now - datetime.timedelta(hours=6 + rank * 5)
        tops = rng.sample(TOP, k=rng.randint(4, 7))
        for i, body in enumerate(tops):
            top = Comment(
                article_id=article_id,
                author=rng.choice(readers),
                body=body,
                html=text.render(body),
                pinned=rank == 0 and i == 0,
            )
            top.save()
            created.append(top)
            times[top.pk] = start + datetime.timedelta(minutes=17 * i)
            for j in range(rng.choice([0, 0, 1, 2])):
                body = rng.choice(REPLIES)
                reply = Comment(
                    article_id=article_id,
                    author=rng.choice(readers),
                    parent=top,
                    in_reply_to=top,
                    body=body,
                    html=text.render(body),
                )
                reply.save()
                created.append(reply)
                times[reply.pk] = times[top.pk] + datetime.timedelta(minutes=9 * (j + 1))
        if rank == 0 and staff is not None:
            question = created[-1]
            reply = Comment(
                article_id=article_id,
                author=staff,
                parent=question.parent or question,
                in_reply_to=question,
                body=STAFF_REPLY,
                html=text.render(STAFF_REPLY),
                staff_reply=True,
            )
            reply.save()
            created.append(reply)
    for i, body in enumerate(HELD):
        held = Comment(
            article_id=newest[i % len(newest)],
            author=readers[-1 - i],
            body=body,
            html=text.render(body),
            status=Comment.Status.HELD,
            hold_reasons=["suspect_word"] if i != 1 else ["new_commenter"],
        )
        held.save()
        created.append(held)
    for pk, when in times.items():
        Comment.objects.filter(pk=pk).update(created_at=when, moderated_at=when)
    likes = []
    for comment in created:
        if comment.status != Comment.Status.VISIBLE:
            continue
        for fan in rng.sample(readers, k=rng.choice([0, 0, 1, 2, 3, 5])):
            if fan.pk != comment.author_id:
                likes.append(Like(comment=comment, user=fan))
    Like.objects.bulk_create(likes, ignore_conflicts=True)
    for comment in Comment.objects.filter(article_id__in=newest).annotate(n=Count("likes")):
        if comment.n:
            Comment.objects.filter(pk=comment.pk).update(like_count=comment.n)
    counts = (
        Comment.objects.filter(article_id__in=newest)
        .values("article_id")
        .annotate(
            n=Count("pk", filter=Q(status=Comment.Status.VISIBLE)),
            top=Count("pk", filter=Q(status=Comment.Status.VISIBLE, parent=None)),
        )
    )
    for row in counts:
        Discussion.objects.update_or_create(
            article_id=row["article_id"], defaults={"count": row["n"], "top_count": row["top"]}
        )
    return len(created)
