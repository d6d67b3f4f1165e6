"""Newsletters, their subscribers and subscriptions, suppressions, issues and deliveries.

Sizes to plan for: a million subscribers, a million deliveries per send. Every query the
send and the admin run has an index below (see the comment beside each).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock

from masthead.core.models import BasePage


def normalize_email(email):
    return (email or "").strip().lower()


def email_hash(email):
    """What a suppression keeps: the address itself may be erased, its hash stays."""
    return hashlib.sha256(normalize_email(email).encode()).hexdigest()


class Newsletter(models.Model):
    class Access(models.TextChoices):
        PUBLIC = "public", _("Anyone")
        MEMBERS = "members", _("Members only")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    curator = models.ForeignKey(
        "articles.AuthorPage",
        verbose_name=_("curator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cadence = models.CharField(
        _("cadence"), max_length=120, blank=True, help_text=_('e.g. "Every weekday at 7 a.m."')
    )
    sender_name = models.CharField(_("sender name"), max_length=120)
    sender_email = models.EmailField(_("sender address"))
    reply_to = models.EmailField(_("reply-to"), blank=True)
    access = models.CharField(
        _("who may subscribe"), max_length=10, choices=Access.choices, default=Access.PUBLIC
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    welcome_subject = models.CharField(_("welcome email subject"), max_length=200, blank=True)
    welcome_body = models.TextField(
        _("welcome email text"),
        blank=True,
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    send_on_publish = models.BooleanField(
        _("email each newly published article"),
        default=False,
        help_text=_("Send every article to this list's subscribers when it is first published."),
    )
    publish_section = models.ForeignKey(
        "articles.SectionPage",
        verbose_name=_("only from section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("curator"),
        FieldPanel("cadence"),
        FieldRowPanel([FieldPanel("sender_name"), FieldPanel("sender_email")]),
        FieldPanel("reply_to"),
        FieldRowPanel([FieldPanel("access"), FieldPanel("sort_order"), FieldPanel("active")]),
        MultiFieldPanel(
            [FieldPanel("welcome_subject"), FieldPanel("welcome_body")],
            heading=_("Welcome email"),
        ),
        MultiFieldPanel(
            [FieldPanel("send_on_publish"), FieldPanel("publish_section")],
            heading=_("Articles by email"),
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self):
        return self.name

    @property
    def from_email(self):
        from email.utils import formataddr

        return formataddr((self.sender_name, self.sender_email))


class Subscriber(models.Model):
    """One address. Needs no account; linked to a user when the address is theirs."""

    # Stored lower-cased (save, services); the index serves lookups, the constraint below
    # keeps it unique whatever the case.
    email = models.EmailField(_("email"), max_length=254, db_index=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscribers",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The confirmation-email cap: how many were sent since confirm_window_start.
    confirmations_sent = models.PositiveSmallIntegerField(default=0)
    confirm_window_start = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletters_subscriber_email_ci"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    consent_source = models.CharField(
        _("consent source"),
        max_length=200,
        blank=True,
        help_text=_('Where consent was given, e.g. "form:/newsletters/" or "import".'),
    )
    # What brought the reader (core.attribution's source, as JSON), kept while pending:
    # confirming records the "signup" conversion with it.
    attribution = models.CharField(max_length=1000, blank=True, db_default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="newsletters_subscription_once"
            ),
        ]
        indexes = [
            # Freezing a send's audience walks one list's confirmed rows in subscriber order.
            models.Index(
                fields=["newsletter", "status", "subscriber"], name="newsletters_sub_audience"
            ),
            # The admin's charts: confirmations and unsubscribes per day.
            models.Index(fields=["confirmed_at"], name="newsletters_sub_confirmed"),
            models.Index(fields=["unsubscribed_at"], name="newsletters_sub_left"),
        ]

    def __str__(self):
        return f"{self.subscriber} → {self.newsletter} ({self.status})"


class Suppression(models.Model):
    """An address never mailed again. Keyed by the hash so an erased address stays blocked."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Spam complaint")
        UNSUBSCRIBED_ALL = "unsubscribed_all", _("Unsubscribed from everything")
        DELETED = "deleted", _("Deleted account")
        MANUAL = "manual", _("Added by an editor")

    email_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(
        blank=True, db_index=True, help_text=_("Blank once the address was erased.")
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return f"{self.email or self.email_hash[:12]} ({self.get_reason_display()})"


class IssueBodyBlock(blocks.StreamBlock):
    """What an email can show well: text, headings, pictures with alt text, a button."""

    heading = blocks.CharBlock(form_classname="title")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    image = blocks.StructBlock(
        [
            ("image", ImageChooserBlock()),
            ("alt", blocks.CharBlock(help_text=_("Describe the picture for screen readers."))),
            ("caption", blocks.CharBlock(required=False)),
        ],
        icon="image",
    )
    button = blocks.StructBlock(
        [("text", blocks.CharBlock()), ("url", blocks.URLBlock())], icon="link"
    )


class Issue(models.Model):
    """One edition of a newsletter and its send."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    class Audience(models.TextChoices):
        ALL = "all", _("All confirmed subscribers")
        MEMBERS = "members", _("Members only")
        NON_MEMBERS = "non_members", _("Non-members only")

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="issues")
    subject = models.CharField(_("subject"), max_length=200)
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The line inboxes show after the subject."),
    )
    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    articles = StreamField(
        [("article", blocks.PageChooserBlock(page_type="articles.ArticlePage"))],
        blank=True,
        verbose_name=_("articles"),
        help_text=_("Shown as cards, in this order."),
    )
    body = StreamField(IssueBodyBlock(), blank=True, verbose_name=_("body"))
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.ALL
    )
    show_campaign_meter = models.BooleanField(
        _("show the fundraising campaign's meter"),
        default=True,
        help_text=_(
            "While a campaign runs, its goal meter appears at the end of the issue, with "
            "the figures at the time of sending."
        ),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The send: set when the audience is frozen, counted as it goes.
    frozen = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    paused_reason = models.CharField(max_length=300, blank=True)
    # Set on the issue that emails one article when it is published (at most once).
    source_article = models.ForeignKey(
        "articles.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("preheader"),
        FieldPanel("intro"),
        FieldPanel("articles"),
        FieldPanel("body"),
        FieldPanel("audience"),
        FieldPanel("show_campaign_meter"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        indexes = [models.Index(fields=["newsletter", "status", "-sent_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "source_article"],
                condition=models.Q(source_article__isnull=False),
                name="newsletters_issue_article_once",
            )
        ]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One recipient of one send: the record an editor can look up."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed")
        CANCELLED = "cancelled", _("Cancelled")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A claim: which worker batch holds the row, since when.
    claim = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=250, blank=True)
    error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Sent again after its worker died while this message was the one in flight.
    maybe_duplicate = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletters_delivery_once"
            )
        ]
        indexes = [
            # Workers claim the next queued rows of one issue in id order; progress counts.
            models.Index(fields=["issue", "status", "id"], name="newsletters_delivery_next"),
            models.Index(fields=["claim"], name="newsletters_delivery_claim"),
            models.Index(fields=["email"], name="newsletters_delivery_email"),
            # The send page counts possible duplicates (few) on every refresh.
            models.Index(
                fields=["issue"],
                condition=models.Q(maybe_duplicate=True),
                name="newsletters_delivery_dup",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.status})"


class NewsletterIndexPage(BasePage):
    """The Newsletters page: every active public newsletter, each with its signup form."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("text after the list"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    template = "newsletters/newsletter_index_page.html"

    class Meta:
        verbose_name = _("newsletters page")

    def get_meta_description(self):
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        from . import queries
        from .forms import SignupForm

        context = super().get_context(request, *args, **kwargs)
        context["newsletters"] = [
            (newsletter, SignupForm(newsletters=[newsletter], id_prefix=newsletter.slug))
            for newsletter in queries.public_newsletters()
        ]
        return context


class SubscriberImport(models.Model):
    """A CSV of addresses an editor imports into lists, processed by a task in chunks.

    Resumable and idempotent: each chunk's writes and the new `position` (data rows
    done) commit together, so a rerun starts after the last committed chunk, and every
    write is "create if missing", so a chunk done twice changes nothing more."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    newsletters = models.ManyToManyField(Newsletter, related_name="+", verbose_name=_("lists"))
    filename = models.CharField(max_length=200, blank=True)
    # The CSV itself: kept in the database, not in public media, and emptied when done.
    data = models.TextField(blank=True)
    consent_note = models.CharField(
        _("how these readers consented"),
        max_length=200,
        help_text=_('Recorded with each subscription, e.g. "Signed up at the 2026 book fair".'),
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    subscribers_created = models.PositiveIntegerField(default=0)
    subscriptions_created = models.PositiveIntegerField(default=0)
    already_subscribed = models.PositiveIntegerField(default=0)
    skipped_invalid = models.PositiveIntegerField(default=0)
    skipped_suppressed = models.PositiveIntegerField(default=0)
    skipped_unsubscribed = models.PositiveIntegerField(default=0)
    errors = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber import")

    def __str__(self):
        return f"{self.filename or 'import'} ({self.get_status_display()})"

    @property
    def percent(self):
        return round(100 * self.position / self.total_rows) if self.total_rows else 0
