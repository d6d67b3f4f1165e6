"""Tiers, memberships and their history. Knows nothing of Stripe: the payments app
records Stripe's ids here through services.py."""

from django.conf import settings
from django.contrib import admin
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class Tier(ClusterableModel):
    """A level of membership readers can join, with its prices."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True, help_text=_("One benefit per line."))
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive tiers are not offered to new members.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Set by payments when the tier is synced to Stripe (a Product).
    external_product_id = models.CharField(max_length=255, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("benefits"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
        InlinePanel("prices", heading=_("Prices"), label=_("Price"), min_num=1),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")

    def __str__(self):
        return self.name

    @property
    def benefit_list(self):
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]


class TierPrice(Orderable):
    class Interval(models.TextChoices):
        MONTH = "month", _("Monthly")
        YEAR = "year", _("Yearly")

    tier = ParentalKey(Tier, related_name="prices", on_delete=models.CASCADE)
    currency = models.CharField(
        _("currency"), max_length=3, default="eur", help_text=_("ISO code, e.g. eur, usd, gbp.")
    )
    interval = models.CharField(
        _("interval"), max_length=5, choices=Interval.choices, default=Interval.MONTH
    )
    amount = models.PositiveIntegerField(
        _("amount"),
        validators=[MinValueValidator(50)],
        help_text=_("In the currency's smallest unit: 500 is 5.00."),
    )
    # Set by payments: Stripe's Price id, and the amount and currency it was made for
    # (Stripe prices are immutable: a change makes a new one).
    external_price_id = models.CharField(max_length=255, blank=True, editable=False)
    external_amount = models.PositiveIntegerField(null=True, editable=False)

    panels = [FieldPanel("currency"), FieldPanel("interval"), FieldPanel("amount")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "currency", "interval"], name="members_tierprice_unique"
            )
        ]

    def save(self, *args, **kwargs):
        self.currency = (self.currency or "").lower()
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.tier} {self.display} / {self.get_interval_display()}"

    @property
    def display(self):
        return format_amount(self.amount, self.currency)


def format_amount(amount, currency):
    return f"{amount / 100:.2f} {currency.upper()}"


class Membership(models.Model):
    """A reader's membership: at most one per reader; its status says what they may read.

    `state_at`/`state_key` order the changes that set the status: a change older than
    the one that set the current status is recorded in the history but does not apply,
    so the same events delivered in any order, any number of times, end the same."""

    # Not content: Wagtail's reference index has nothing to learn from these rows.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Past due (grace)")
        LAPSED = "lapsed", _("Lapsed")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        STRIPE = "stripe", _("Stripe subscription")
        ONE_OFF = "one_off", _("One-off payment")
        MANUAL = "manual", _("Granted by staff")
        GIFT = "gift", _("Gift membership")

    ENTITLED = (Status.ACTIVE, Status.PAST_DUE)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    # Indexes are few on purpose: every webhook event rewrites this row, and each index
    # is written again with it. Tier and status are led by the composite indexes below.
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.PROTECT, db_index=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    started_at = models.DateTimeField(_("member since"), db_index=True)
    current_period_end = models.DateTimeField(_("renews or ends"), null=True, blank=True)
    grace_until = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(_("subscription"), max_length=255, blank=True)
    state_at = models.DateTimeField()
    state_key = models.CharField(max_length=255, blank=True)
    welcomed_at = models.DateTimeField(null=True, blank=True)
    # Something an editor should look at: a second active subscription, a dispute.
    flag = models.CharField(_("flag"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [
            # The admin list: newest first, filtered by status, tier and status, lapsing.
            models.Index(fields=["status", "-started_at"], name="members_status_started"),
            models.Index(
                fields=["tier", "status", "-started_at"], name="members_tier_status_started"
            ),
            models.Index(fields=["current_period_end"], name="members_period_end"),
            # The webhook finds a membership by its subscription (equality only: no
            # pattern-ops twin, which db_index would add on PostgreSQL).
            models.Index(fields=["external_id"], name="members_external_id"),
            # The few flagged memberships (two subscriptions, a dispute), newest first.
            models.Index(
                fields=["-started_at"], condition=~models.Q(flag=""), name="members_flagged"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_status_display()})"

    @admin.display(description=_("email"), ordering="user__email")
    def reader_email(self):
        return self.user.email

    @property
    def is_entitled(self):
        return self.status in self.ENTITLED


class MembershipChange(models.Model):
    """The status history: every change asked of a membership, applied or not."""

    # Not content: Wagtail's reference index has nothing to learn from these rows.
    wagtail_reference_index_ignore = True

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Membership.Status.choices)
    previous_status = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    key = models.CharField(max_length=255, blank=True)
    applied = models.BooleanField(default=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.previous_status or '∅'} → {self.status} ({self.reason})"


class MeteredRead(models.Model):
    """A member-only article a signed-in non-member read on the meter this month."""

    # Not content: Wagtail's reference index has nothing to learn from these rows.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article_id = models.PositiveIntegerField()
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "month", "article_id"], name="members_meteredread_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id} read {self.article_id} in {self.month:%Y-%m}"


# Campaigns, supporters and gifts (members/CONTEXT.md, "Reader funding").
from .funding_models import (  # noqa: E402
    Campaign,
    CampaignEntry,
    FundingCounter,
    Gift,
    Supporter,
)

__all__ = [
    "Campaign",
    "CampaignEntry",
    "FundingCounter",
    "Gift",
    "MeteredRead",
    "Membership",
    "MembershipChange",
    "Supporter",
    "Tier",
    "TierPrice",
]
