"""Comments under articles, what readers do with them, and what moderators decide.

Every write goes through services.py. An article's own comment state (closed,
pre-moderated, the count of visible comments) lives in `Discussion`, one row per
article keyed by its page id, so closing comments needs no new page revision and
listings read the count with the card's own query (articles.queries.cards)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Discussion(models.Model):
    """One article's comments: may readers post, is every comment held, how many show."""

    article = models.OneToOneField(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="discussion",
    )
    closed = models.BooleanField(
        _("comments closed"),
        default=False,
        help_text=_("Readers can still read the comments, but nobody can post."),
    )
    premoderate = models.BooleanField(
        _("pre-moderate"),
        default=False,
        help_text=_("Every new comment waits for a moderator before readers see it."),
    )
    # Visible comments (top-level and replies), and top-level ones (the thread's pages):
    # kept by services, read by cards and pages.
    count = models.PositiveIntegerField(default=0)
    top_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("discussion")

    def __str__(self):
        return f"Comments on article {self.article_id}"


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HELD = "held", _("Awaiting review")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")
        DELETED = "deleted", _("Deleted")

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    # A reply's top-level comment (threads are one level deep) and the comment it answers
    # (the top-level one, or another reply in the same thread: "in reply to <name>").
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))  # what the reader typed
    html = models.TextField()  # the body sanitised (services.render_body)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    # Why the rules held it (rules.py), and the reason a moderator gave for a rejection,
    # shown to its author (EU Digital Services Act, art. 17).
    hold_reasons = models.JSONField(default=list, blank=True)
    rejection_reason = models.TextField(blank=True)
    pinned = models.BooleanField(default=False)
    staff_reply = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    # Set when the reply notifications for this comment were queued: sent once.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "status", "parent", "created_at"]),
            models.Index(fields=["author", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]
        permissions = [("moderate_comment", _("Can moderate comments and ban commenters"))]

    def __str__(self):
        return f"{self.author_name}: {self.body[:60]}"

    @property
    def author_name(self):
        return public_name(self.author)

    @property
    def is_reply(self):
        return self.parent_id is not None


def public_name(user):
    """The name shown beside a reader's comments: their display name, else their
    first name, never their address."""
    if user is None:
        return _("Deleted reader")
    return user.display_name or user.first_name or _("Reader %(id)s") % {"id": user.pk}


class Like(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comments_one_like_per_reader")
        ]

    def __str__(self):
        return f"{self.user_id} likes {self.comment_id}"


class Report(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or harassing")
        SPAM = "spam", _("Spam or advertising")
        HATE = "hate", _("Hate speech")
        OFF_TOPIC = "off_topic", _("Off topic")
        ILLEGAL = "illegal", _("Illegal content")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a moderator decided on the comment: the report leaves the queue.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="comments_one_report_per_reader"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: comment {self.comment_id}"


class Commenter(models.Model):
    """What moderators know about one reader: flagged (every comment held)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    flagged = models.BooleanField(default=False)
    flag_reason = models.CharField(max_length=500, blank=True)

    def __str__(self):
        return f"Commenter {self.user_id}"


class Ban(models.Model):
    """A reader who may not post until `until` (None: for good), unless lifted. The rows
    are the history: a new ban adds a row, lifting one stamps it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hid_comments = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "lifted_at"])]

    def __str__(self):
        return f"Ban of {self.user_id}"


class ModerationLog(models.Model):
    """Who did what to which comment or commenter: the audit log."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        HIDE = "hide", _("Hidden")
        DELETE = "delete", _("Deleted")
        HOLD = "hold", _("Held by reports")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        STAFF_REPLY = "staff_reply", _("Marked as staff reply")
        BAN = "ban", _("Banned")
        LIFT_BAN = "lift_ban", _("Ban lifted")
        FLAG = "flag", _("Flagged commenter")
        UNFLAG = "unflag", _("Unflagged commenter")
        ARTICLE = "article", _("Changed article settings")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="log"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article_id = models.IntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action} by {self.actor_id}"


class NotificationSettings(models.Model):
    """A reader's opt-in to comment emails (off until they tick the box)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    replies = models.BooleanField(default=False)
    staff_replies = models.BooleanField(default=False)

    def __str__(self):
        return f"Comment emails of {self.user_id}"


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    class WhoMayPost(models.TextChoices):
        MEMBERS = "members", _("Members")
        SIGNED_IN = "signed_in", _("Any signed-in reader")
        OFF = "off", _("Nobody (comments off)")

    who_may_post = models.CharField(
        _("who may post"), max_length=10, choices=WhoMayPost.choices, default=WhoMayPost.MEMBERS
    )
    hold_first = models.PositiveSmallIntegerField(
        _("hold a new commenter's first comments"),
        default=1,
        help_text=_("A reader's first comments wait for review until this many were approved."),
    )
    suspect_words = models.TextField(
        _("suspect words"),
        blank=True,
        help_text=_("One word or phrase a line: a comment containing one waits for review."),
    )
    banned_words = models.TextField(
        _("banned words"),
        blank=True,
        help_text=_("One word or phrase a line: a comment containing one is refused at once."),
    )
    guidelines = models.TextField(
        _("community guidelines"),
        blank=True,
        help_text=_("A short line shown above the comment form."),
    )

    panels = [
        FieldPanel("who_may_post"),
        FieldPanel("guidelines"),
        MultiFieldPanel(
            [FieldPanel("hold_first"), FieldPanel("suspect_words"), FieldPanel("banned_words")],
            heading=_("Pre-moderation"),
        ),
    ]

    class Meta:
        verbose_name = _("comments")
