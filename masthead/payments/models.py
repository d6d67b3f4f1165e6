"""What we keep of Stripe: customers, checkout sessions, payments and every webhook
event (once per id, with its status and any handler error)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    """A reader's Stripe customer: one per reader, so a returning reader never gets a
    second one."""

    # Not content: Wagtail's reference index has nothing to learn from these rows.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stripe_customer"
    )
    stripe_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.stripe_id


class CheckoutSession(models.Model):
    # Not content: Wagtail's reference index has nothing to learn from these rows.
    wagtail_reference_index_ignore = True

    class Mode(models.TextChoices):
        SUBSCRIPTION = "subscription", _("Subscription")
        PAYMENT = "payment", _("One-off payment")

    stripe_id = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tier = models.ForeignKey("members.Tier", null=True, on_delete=models.SET_NULL, related_name="+")
    mode = models.CharField(max_length=12, choices=Mode.choices)
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    interval = models.CharField(max_length=5, blank=True)
    idempotency_key = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.stripe_id


class Payment(models.Model):
    """Money received (an invoice paid or a one-off payment), refunded or disputed."""

    # Not content: Wagtail's reference index has nothing to learn from these rows.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        DISPUTED = "disputed", _("Disputed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The invoice (subscriptions) or the payment intent (one-off): one row per payment.
    stripe_id = models.CharField(max_length=255, unique=True)
    charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    amount = models.PositiveIntegerField()
    amount_refunded = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PAID)
    paid_at = models.DateTimeField()

    class Meta:
        ordering = ["-paid_at"]

    def __str__(self):
        return f"{self.stripe_id} ({self.status})"


class StripeEvent(models.Model):
    """A webhook event as Stripe sent it, stored once by id (zulip's pattern)."""

    # Not content: Wagtail's reference index has nothing to learn from these rows.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored (not ours, or a type we do not handle)")
        FAILED = "failed", _("Failed")

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    handler_error = models.TextField(blank=True)
    data = models.JSONField()
    created = models.DateTimeField(help_text=_("When Stripe created the event."))
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # The reader it concerned, once known (the member page lists their events).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "-created"], name="payments_event_user")]

    def __str__(self):
        return f"{self.type} {self.stripe_id}"


# Donations (payments/donations.py).
from .donation_models import Donation  # noqa: E402

__all__ = ["CheckoutSession", "Customer", "Donation", "Payment", "StripeEvent"]
