"""Every change to comments: posting, editing, deleting, likes, reports, moderation,
bans, an article's comment settings and readers' email choices.

Each `do_*` validates, writes in one transaction and, after commit, makes the change
visible: `_changed(article_id)` bumps only the fragment tag `comments:<id>` and purges
the article's page (its exact path), and reply emails are queued (tasks.py). Held,
rejected and deleted comments change nothing anyone else sees, so they purge nothing.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from masthead.core import fragments, pagecache, ratelimit
from masthead.core.tasks import enqueue_on_commit
from masthead.members import queries as member_queries

from . import rules, text
from .models import (
    Ban,
    Comment,
    Commenter,
    CommentSettings,
    Discussion,
    Like,
    ModerationLog,
    NotificationSettings,
    Report,
)

logger = logging.getLogger(__name__)

Status = Comment.Status
Action = ModerationLog.Action


class NotAllowed(PermissionDenied):
    """This reader may not do this here; `code` says why (sign_in, join, off, closed,
    banned, forbidden, too_late) and the message says it to them."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def tag(article_id):
    return f"comments:{article_id}"


def site_settings(site=None):
    """The comment settings of `site` (default: the default site)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    return CommentSettings.for_site(site)


def discussion_for(article_id):
    return Discussion.objects.filter(article_id=article_id).first() or Discussion(
        article_id=article_id
    )


def is_moderator(user):
    return bool(user.is_authenticated and user.has_perm("comments.moderate_comment"))


def is_editor(user):
    """Editors pin comments and mark staff replies (they may publish pages)."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_perm("wagtailcore.publish_page") or _in_editors(user))
    )


def _in_editors(user):
    from masthead.users import services as user_services

    return user.groups.filter(name=user_services.EDITORS).exists()


def active_ban(user):
    if not user.is_authenticated:
        return None
    now = timezone.now()
    return (
        Ban.objects.filter(user=user, lifted_at=None)
        .filter(Q(until=None) | Q(until__gt=now))
        .order_by("-created_at")
        .first()
    )


_LOOK_UP = object()


def check_may_post(user, discussion, comment_settings, ban=_LOOK_UP):
    """Raise NotAllowed unless `user` may post on this discussion now (`ban`: the reader's
    active ban if the caller read it already)."""
    who = comment_settings.who_may_post
    if who == CommentSettings.WhoMayPost.OFF:
        raise NotAllowed("off", _("Comments are turned off."))
    if discussion.closed:
        raise NotAllowed("closed", _("Comments on this article are closed."))
    if not user.is_authenticated:
        raise NotAllowed("sign_in", _("Sign in to comment."))
    ban = active_ban(user) if ban is _LOOK_UP else ban
    if ban:
        raise NotAllowed("banned", banned_message(ban))
    if (
        who == CommentSettings.WhoMayPost.MEMBERS
        and not member_queries.is_member(user)
        and not user.has_perm("wagtailadmin.access_admin")  # the newsroom's own staff
    ):
        raise NotAllowed("join", _("Comments are open to members."))


def banned_message(ban):
    if ban.until:
        return _("You cannot comment until %(date)s. Reason: %(reason)s") % {
            "date": timezone.localtime(ban.until).strftime("%-d %B %Y, %H:%M"),
            "reason": ban.reason,
        }
    return _("You can no longer comment here. Reason: %(reason)s") % {"reason": ban.reason}


def _check_rate(user):
    if not ratelimit.hit(
        f"comments:user:{user.pk}", settings.COMMENTS_RATE_LIMIT, settings.COMMENTS_RATE_WINDOW
    ):
        raise ValidationError(
            {
                "body": [
                    _(
                        "You are commenting very quickly. Please wait a minute and send it again; your text is kept below."
                    )
                ]
            }
        )


def _changed(article_id):
    """After commit: what readers see of this article's comments changed."""

    def purge():
        fragments.bump_tags(tag(article_id))
        from masthead.articles.models import ArticlePage

        article = ArticlePage.objects.filter(pk=article_id).first()
        if article is not None and article.live:
            url = article.full_url
            if url:
                pagecache.purge([url])

    transaction.on_commit(purge)


def _recount(article_id):
    """Store the numbers of visible comments on the article (call inside the write's
    transaction, after the change)."""
    counts = Comment.objects.filter(article_id=article_id, status=Status.VISIBLE).aggregate(
        count=Count("pk"), top_count=Count("pk", filter=Q(parent=None))
    )
    updated = Discussion.objects.filter(article_id=article_id).update(**counts)
    if not updated:
        Discussion.objects.get_or_create(article_id=article_id, defaults=counts)


def _log(actor, action, comment=None, subject=None, article_id=None, reason=""):
    ModerationLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        comment=comment,
        subject=subject if subject is not None else getattr(comment, "author", None),
        article_id=article_id if article_id is not None else getattr(comment, "article_id", None),
        reason=reason,
    )


def _notify_after_commit(comment):
    from . import tasks

    if comment.status == Status.VISIBLE and comment.notified_at is None:
        enqueue_on_commit(tasks.notify_task, comment.pk)


# --- Readers ------------------------------------------------------------------------


def do_post_comment(user, article, body, *, parent=None, notify=None, comment_settings=None):
    """Post `body` on `article` as `user` (a reply when `parent` is given); return the
    comment, visible or held. Raises NotAllowed or ValidationError({"body"|"parent": …})."""
    comment_settings = comment_settings or site_settings()
    discussion = discussion_for(article.pk)
    check_may_post(user, discussion, comment_settings)
    body = text.normalise(body)
    top = in_reply_to = None
    if parent is not None:
        if parent.article_id != article.pk or parent.status != Status.VISIBLE:
            raise ValidationError({"parent": [_("That comment can no longer be answered.")]})
        top = parent.parent if parent.parent_id else parent
        in_reply_to = parent
    draft = rules.Draft(
        body=body,
        user=user,
        article=article,
        settings=comment_settings,
        premoderate=discussion.premoderate,
        trusted=is_moderator(user),
    )
    reasons = rules.judge(draft)
    _check_rate(user)
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            author=user,
            parent=top,
            in_reply_to=in_reply_to,
            body=body,
            html=text.render(body),
            status=Status.HELD if reasons else Status.VISIBLE,
            hold_reasons=reasons + draft.notes,
        )
        if comment.status == Status.VISIBLE:
            _recount(article.pk)
        if notify is not None:
            do_set_notifications(user, replies=notify, staff_replies=notify)
    if comment.status == Status.VISIBLE:
        _changed(article.pk)
        _notify_after_commit(comment)
    return comment


def edit_deadline(comment):
    return comment.created_at + datetime.timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)


def may_edit(user, comment, now=None):
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.status in (Status.VISIBLE, Status.HELD)
        and (now or timezone.now()) < edit_deadline(comment)
    )


def do_edit_comment(user, comment, body, comment_settings=None):
    """Change the text of one's own comment within COMMENTS_EDIT_MINUTES; the rules run
    again (a held comment stays held; a visible one may become held)."""
    if not may_edit(user, comment):
        raise NotAllowed(
            "too_late",
            _("A comment can be edited only by its author, within %(minutes)s minutes.")
            % {"minutes": settings.COMMENTS_EDIT_MINUTES},
        )
    comment_settings = comment_settings or site_settings()
    discussion = discussion_for(comment.article_id)
    ban = active_ban(user)
    if ban:
        raise NotAllowed("banned", banned_message(ban))
    body = text.normalise(body)
    draft = rules.Draft(
        body=body,
        user=user,
        article=comment.article,
        settings=comment_settings,
        premoderate=discussion.premoderate and comment.status == Status.HELD,
        trusted=is_moderator(user),
        editing=comment,
    )
    reasons = rules.judge(draft)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        was = comment.status
        comment.body = body
        comment.html = text.render(body)
        comment.edited_at = timezone.now()
        if reasons:
            comment.status = Status.HELD
            comment.hold_reasons = reasons + draft.notes
        comment.save(update_fields=["body", "html", "edited_at", "status", "hold_reasons"])
        if was != comment.status:
            _recount(comment.article_id)
    if was == Status.VISIBLE:
        _changed(comment.article_id)
    return comment


def do_delete_own_comment(user, comment):
    if not (user.is_authenticated and comment.author_id == user.pk):
        raise NotAllowed("forbidden", _("You can delete only your own comments."))
    if comment.status == Status.DELETED:
        return comment
    with transaction.atomic():
        was = comment.status
        Comment.objects.filter(pk=comment.pk).update(status=Status.DELETED)
        comment.status = Status.DELETED
        if was == Status.VISIBLE:
            _recount(comment.article_id)
    if was == Status.VISIBLE:
        _changed(comment.article_id)
    return comment


def do_toggle_like(user, comment, like=None):
    """Like a visible comment (one like per reader; not one's own), or take the like
    back. Returns (liked, like count)."""
    if not user.is_authenticated:
        raise NotAllowed("sign_in", _("Sign in to like comments."))
    if comment.status != Status.VISIBLE:
        raise NotAllowed("forbidden", _("This comment cannot be liked."))
    if comment.author_id == user.pk:
        raise NotAllowed("forbidden", _("You cannot like your own comment."))
    ban = active_ban(user)
    if ban:
        raise NotAllowed("banned", banned_message(ban))
    changed = False
    with transaction.atomic():
        exists = Like.objects.filter(comment=comment, user=user).exists()
        want = (not exists) if like is None else like
        if want and not exists:
            try:
                with transaction.atomic():
                    Like.objects.create(comment=comment, user=user)
                changed = True
                Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
            except IntegrityError:  # the same reader's other request won the race
                pass
        elif not want and exists:
            deleted, _rows = Like.objects.filter(comment=comment, user=user).delete()
            if deleted:
                changed = True
                Comment.objects.filter(pk=comment.pk, like_count__gt=0).update(
                    like_count=F("like_count") - 1
                )
        count = Comment.objects.values_list("like_count", flat=True).get(pk=comment.pk)
    if changed:
        _changed(comment.article_id)
    return want, count


def do_report(user, comment, reason, note=""):
    """A reader reports a comment; COMMENTS_REPORTS_TO_HOLD reports hold a visible one
    for review. Reporting twice counts once."""
    if not user.is_authenticated:
        raise NotAllowed("sign_in", _("Sign in to report a comment."))
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": [_("Choose why you report this comment.")]})
    if comment.status != Status.VISIBLE or comment.author_id == user.pk:
        raise NotAllowed("forbidden", _("This comment cannot be reported."))
    held = False
    with transaction.atomic():
        try:
            with transaction.atomic():
                Report.objects.create(comment=comment, user=user, reason=reason, note=note[:500])
        except IntegrityError:
            return False
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if (
            comment.status == Status.VISIBLE
            and comment.report_count >= settings.COMMENTS_REPORTS_TO_HOLD
        ):
            comment.status = Status.HELD
            comment.hold_reasons = [*comment.hold_reasons, rules.REPORTS]
            comment.save(update_fields=["status", "hold_reasons"])
            _recount(comment.article_id)
            _log(
                None, Action.HOLD, comment, reason=_("%(n)s reports") % {"n": comment.report_count}
            )
            held = True
    if held:
        _changed(comment.article_id)
    return True


def do_set_notifications(user, *, replies, staff_replies):
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"replies": bool(replies), "staff_replies": bool(staff_replies)}
    )


def do_unsubscribe(user_id, kind):
    """One-click unsubscribe from one kind of comment email ("replies", "staff_replies")."""
    if kind not in ("replies", "staff_replies"):
        raise ValueError(kind)
    NotificationSettings.objects.filter(user_id=user_id).update(**{kind: False})


def do_erase_comments(user):
    """Account deletion: the reader's comments are deleted and their text dropped."""
    articles = set(
        Comment.objects.filter(author=user, status=Status.VISIBLE).values_list(
            "article_id", flat=True
        )
    )
    Comment.objects.filter(author=user).update(status=Status.DELETED, body="", html="")
    Like.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    for article_id in articles:
        _recount(article_id)
        _changed(article_id)


# --- Moderators -----------------------------------------------------------------------

MODERATION = {
    "approve": (Status.VISIBLE, Action.APPROVE),
    "reject": (Status.REJECTED, Action.REJECT),
    "hide": (Status.HIDDEN, Action.HIDE),
    "delete": (Status.DELETED, Action.DELETE),
}


def check_moderator(actor):
    if not is_moderator(actor):
        raise NotAllowed("forbidden", _("Only moderators can do this."))


def do_moderate(actor, comment_ids, action, reason=""):
    """Approve, reject (with a reason the commenter sees), hide or delete comments, one
    or many; each decision is logged and resolves the comment's open reports. Returns
    the number of comments changed."""
    check_moderator(actor)
    if action not in MODERATION:
        raise ValueError(action)
    reason = (reason or "").strip()
    if action == "reject" and not reason:
        raise ValidationError(
            {"reason": [_("Give the reason for the rejection: the commenter will see it.")]}
        )
    status, log_action = MODERATION[action]
    now = timezone.now()
    changed_articles = set()
    approved = []
    with transaction.atomic():
        comments = list(
            Comment.objects.select_for_update().filter(pk__in=list(comment_ids)).order_by("pk")
        )
        for comment in comments:
            if comment.status == status and action != "approve":
                continue
            was = comment.status
            comment.status = status
            comment.moderated_at = now
            if action == "reject":
                comment.rejection_reason = reason
            if action == "approve":
                comment.hold_reasons = []
            comment.save(
                update_fields=["status", "moderated_at", "rejection_reason", "hold_reasons"]
            )
            Report.objects.filter(comment=comment, resolved_at=None).update(resolved_at=now)
            _log(actor, log_action, comment, reason=reason)
            if Status.VISIBLE in (was, status):
                changed_articles.add(comment.article_id)
            if status == Status.VISIBLE:
                approved.append(comment)
        for article_id in changed_articles:
            _recount(article_id)
    for article_id in changed_articles:
        _changed(article_id)
    for comment in approved:
        _notify_after_commit(comment)
    return len(comments)


def do_pin(actor, comment, pinned=True):
    if not is_editor(actor):
        raise NotAllowed("forbidden", _("Only editors can pin comments."))
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(pinned=pinned)
        comment.pinned = pinned
        _log(actor, Action.PIN if pinned else Action.UNPIN, comment)
    _changed(comment.article_id)
    return comment


def do_mark_staff_reply(actor, comment, staff_reply=True):
    """An editor marks a comment (their newsroom's own) as the staff's reply: it shows a
    "Staff" label, and readers who asked are told."""
    if not is_editor(actor):
        raise NotAllowed("forbidden", _("Only editors can mark staff replies."))
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(staff_reply=staff_reply)
        comment.staff_reply = staff_reply
        _log(actor, Action.STAFF_REPLY, comment)
    _changed(comment.article_id)
    if staff_reply and comment.status == Status.VISIBLE:
        from . import tasks

        enqueue_on_commit(tasks.notify_staff_reply_task, comment.pk)
    return comment


def do_ban(actor, user, reason, *, days=None, hide_comments=False):
    """Ban `user` from commenting for `days` (None: for good), with a reason they are
    shown; optionally hide every comment of theirs readers can see."""
    check_moderator(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": [_("Give the reason for the ban: the reader will see it.")]}
        )
    if user.pk == actor.pk:
        raise ValidationError({"user": [_("You cannot ban yourself.")]})
    until = timezone.now() + datetime.timedelta(days=days) if days else None
    articles = set()
    with transaction.atomic():
        ban = Ban.objects.create(user=user, reason=reason, until=until, created_by=actor)
        _log(actor, Action.BAN, subject=user, reason=reason)
        if hide_comments:
            visible = Comment.objects.filter(author=user, status=Status.VISIBLE)
            articles = set(visible.values_list("article_id", flat=True))
            ban.hid_comments = visible.update(status=Status.HIDDEN, moderated_at=timezone.now())
            ban.save(update_fields=["hid_comments"])
            for article_id in articles:
                _recount(article_id)
    for article_id in articles:
        _changed(article_id)
    return ban


def do_lift_ban(actor, ban):
    check_moderator(actor)
    with transaction.atomic():
        updated = Ban.objects.filter(pk=ban.pk, lifted_at=None).update(
            lifted_at=timezone.now(), lifted_by=actor
        )
        if updated:
            _log(actor, Action.LIFT_BAN, subject=ban.user)
    return bool(updated)


def do_flag_commenter(actor, user, flagged=True, reason=""):
    """A flagged commenter's comments all wait for review."""
    check_moderator(actor)
    with transaction.atomic():
        Commenter.objects.update_or_create(
            user=user, defaults={"flagged": flagged, "flag_reason": reason[:500]}
        )
        _log(actor, Action.FLAG if flagged else Action.UNFLAG, subject=user, reason=reason)


def do_set_discussion(actor, article, *, closed, premoderate):
    """Close an article's comments or pre-moderate them (moderators and editors)."""
    check_moderator(actor)
    with transaction.atomic():
        Discussion.objects.update_or_create(
            article_id=article.pk, defaults={"closed": closed, "premoderate": premoderate}
        )
        _log(
            actor,
            Action.ARTICLE,
            article_id=article.pk,
            reason=f"closed={closed} premoderate={premoderate}",
        )
    # The form (or "Comments are closed") is in the cached fragment.
    _changed(article.pk)
