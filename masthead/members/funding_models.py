"""Campaigns, supporters and gifts: the reader-funding half of members (imported by
models.py). Counts are kept as counters, updated in the transaction of the change that
counts (members/campaigns.py), never recounted per page view."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class Campaign(models.Model):
    """A fundraising goal with a window: new members, supporters, or an amount."""

    class Goal(models.TextChoices):
        MEMBERS = "members", _("New members")
        SUPPORTERS = "supporters", _("Supporters (members and donors)")
        AMOUNT = "amount", _("An amount of money")

    title = models.CharField(_("title"), max_length=120)
    message = models.CharField(
        _("message"),
        max_length=255,
        help_text=_('Shown with the bar, e.g. "Goal: 1,000 new members for our birthday".'),
    )
    goal_kind = models.CharField(
        _("goal"), max_length=10, choices=Goal.choices, default=Goal.MEMBERS
    )
    goal = models.PositiveIntegerField(
        _("target"), help_text=_("A number of people, or whole units of the currency.")
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("For an amount: eur, usd, gbp…")
    )
    offset = models.PositiveIntegerField(
        _("starting offset"),
        default=0,
        help_text=_("Counted before tracking began (people, or whole units of the currency)."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    show = models.BooleanField(
        _("show the meter"),
        default=True,
        help_text=_(
            "On articles, home and the membership page while it runs, and for a while after."
        ),
    )
    # People, or minor units of `currency`: what tracking counted (without the offset).
    count = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("message"),
        MultiFieldPanel(
            [
                FieldPanel("goal_kind"),
                FieldRowPanel([FieldPanel("goal"), FieldPanel("currency")]),
                FieldPanel("offset"),
            ],
            heading=_("Goal"),
        ),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("show"),
    ]

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="members_campaign_window")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.currency = (self.currency or "").lower()
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        if self.goal_kind == self.Goal.AMOUNT and len(self.currency or "") != 3:
            errors["currency"] = _("An amount needs a currency (a three-letter code).")
        if errors:
            raise ValidationError(errors)

    @property
    def is_amount(self):
        return self.goal_kind == self.Goal.AMOUNT


class CampaignEntry(models.Model):
    """One thing a campaign counted, once: a person (members, supporters) or a payment
    (amount). The unique key makes a replayed webhook or a second join count nothing."""

    wagtail_reference_index_ignore = True

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=255)
    amount = models.BigIntegerField(default=1)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="members_campaignentry_once")
        ]
        indexes = [models.Index(fields=["campaign", "at"], name="members_campaignentry_at")]

    def __str__(self):
        return f"{self.campaign_id}: {self.key}"


class Supporter(models.Model):
    """Everyone who ever was a member, donated or gave a gift, once by address."""

    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        DONOR = "donor", _("Donor")
        GIFT = "gift", _("Gift buyer")

    email = models.CharField(max_length=254, unique=True)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    first_at = models.DateTimeField()

    def __str__(self):
        return self.email


class FundingCounter(models.Model):
    """A running total ("supporters"), updated with F() in the counting transaction."""

    wagtail_reference_index_ignore = True

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"


def new_gift_code():
    return secrets.token_urlsafe(18)


class Gift(models.Model):
    """A membership someone paid for on another's behalf, redeemed by a secret code."""

    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid, not delivered yet")
        DELIVERED = "delivered", _("Delivered")
        REDEEMED = "redeemed", _("Redeemed")
        REVOKED = "revoked", _("Revoked (refunded)")

    class Delivery(models.TextChoices):
        EMAIL = "email", _("Email it to them on the date")
        PRINT = "print", _("I will print or forward the link myself")

    TERMS = (3, 6, 12)
    REDEEMABLE = (Status.PAID, Status.DELIVERED)

    code = models.CharField(max_length=40, unique=True, default=new_gift_code, editable=False)
    tier = models.ForeignKey("members.Tier", on_delete=models.PROTECT, related_name="+")
    months = models.PositiveSmallIntegerField(_("months"))
    amount = models.PositiveIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    buyer_name = models.CharField(_("buyer's name"), max_length=120, blank=True)
    buyer_email = models.EmailField(_("buyer's email"), blank=True, db_index=True)
    recipient_name = models.CharField(_("recipient's name"), max_length=120)
    recipient_email = models.EmailField(_("recipient's email"), blank=True, db_index=True)
    message = models.TextField(_("message"), blank=True, max_length=1000)
    delivery = models.CharField(
        _("delivery"), max_length=5, choices=Delivery.choices, default=Delivery.EMAIL
    )
    deliver_on = models.DateField(_("delivery date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # Set by payments: the Checkout Session (unique: a replayed webhook finds it) and
    # the payment intent a refund names.
    checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    payment_ref = models.CharField(max_length=255, blank=True, db_index=True)
    source = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    redeemed_at = models.DateTimeField(_("redeemed"), null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gifts_redeemed",
    )
    ends_at = models.DateTimeField(_("gift ends"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("gift membership")
        verbose_name_plural = _("gift memberships")
        indexes = [
            models.Index(fields=["status", "deliver_on"], name="members_gift_due"),
            models.Index(fields=["status", "ends_at"], name="members_gift_ending"),
        ]

    def __str__(self):
        return f"{self.tier} × {self.months} → {self.recipient_name}"

    @property
    def display_amount(self):
        from .models import format_amount

        return format_amount(self.amount, self.currency)
