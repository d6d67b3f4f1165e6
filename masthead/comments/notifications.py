"""Emails to commenters who opted in: someone replied to them, or the newsroom's staff
replied on an article they commented on. Each carries RFC 8058 one-click unsubscribe
(List-Unsubscribe with an https address, List-Unsubscribe-Post) whose signed token names
the reader and the kind of email; nothing is stored for it, and altering it breaks it."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Comment, NotificationSettings, public_name

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.unsubscribe"
KINDS = ("replies", "staff_replies")
_signer = signing.Signer(salt=UNSUBSCRIBE_SALT)

BadToken = signing.BadSignature


def make_unsubscribe(user_id, kind):
    return _signer.sign(f"{user_id}:{kind}")


def read_unsubscribe(token):
    """(user id, kind); raises BadToken."""
    user_id, _sep, kind = _signer.unsign(token).partition(":")
    if kind not in KINDS:
        raise BadToken("unknown kind")
    return int(user_id), kind


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(user, kind, comment, subject, template):
    url = _absolute(reverse("comments:unsubscribe", args=[make_unsubscribe(user.pk, kind)]))
    article_url = comment.article.full_url or _absolute("/")
    context = {
        "comment": comment,
        "author_name": public_name(comment.author),
        "reader_name": public_name(user),
        "article": comment.article,
        "comment_url": f"{article_url}#comment-{comment.pk}",
        "unsubscribe_url": url,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"comments/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"comments/email/{template}.html", context), "text/html"
    )
    message.send()


def _claim(comment_id):
    """Stamp the comment as notified; False if it was already (safe to run twice)."""
    return bool(
        Comment.objects.filter(
            pk=comment_id, notified_at=None, status=Comment.Status.VISIBLE
        ).update(notified_at=timezone.now())
    )


def send_reply_notification(comment_id):
    """Tell the author of the comment this one answers, if they opted in."""
    with transaction.atomic():
        if not _claim(comment_id):
            return 0
    comment = (
        Comment.objects.select_related("article", "author", "in_reply_to__author")
        .filter(pk=comment_id)
        .first()
    )
    answered = comment.in_reply_to if comment else None
    if answered is None or answered.author_id == comment.author_id:
        return 0
    user = answered.author
    if not (user.is_active and user.email):
        return 0
    if not NotificationSettings.objects.filter(user=user, replies=True).exists():
        return 0
    _send(
        user,
        "replies",
        comment,
        _("%(name)s replied to your comment") % {"name": public_name(comment.author)},
        "reply",
    )
    return 1


def send_staff_reply_notifications(comment_id):
    """Tell everyone who commented on the article and opted in that staff replied.
    Each reader once per staff reply: the comment's log row says it was done."""
    from .models import ModerationLog

    comment = (
        Comment.objects.select_related("article", "author")
        .filter(pk=comment_id, staff_reply=True, status=Comment.Status.VISIBLE)
        .first()
    )
    if comment is None:
        return 0
    with transaction.atomic():
        marker = ModerationLog.objects.select_for_update().filter(
            comment=comment, action=ModerationLog.Action.STAFF_REPLY, reason="notified"
        )
        if marker.exists():
            return 0
        ModerationLog.objects.create(
            comment=comment, action=ModerationLog.Action.STAFF_REPLY, reason="notified"
        )
    commenters = (
        Comment.objects.filter(article_id=comment.article_id)
        .exclude(author_id=comment.author_id)
        .values_list("author_id", flat=True)
        .distinct()
    )
    wanted = NotificationSettings.objects.filter(
        user_id__in=list(commenters), staff_replies=True, user__is_active=True
    ).select_related("user")
    sent = 0
    for choice in wanted:
        try:
            _send(
                choice.user,
                "staff_replies",
                comment,
                _("The newsroom replied on “%(title)s”") % {"title": comment.article.title},
                "staff_reply",
            )
            sent += 1
        except Exception:
            logger.exception("staff reply email to user %s failed", choice.user_id)
    return sent
