"""Donations: the money records of one-off and monthly gifts to the newsroom (imported
by models.py). Members counts donors as supporters (members.campaigns)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Donation(models.Model):
    """One donation received: a one-off payment, or one month of a monthly donation.

    `stripe_id` is what makes it once: the Checkout Session for a one-off donation and
    for a monthly one's first month, the invoice for every later month. A replayed or
    retried webhook finds the row and changes nothing."""

    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")

    stripe_id = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("email"), blank=True)
    amount = models.PositiveIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    monthly = models.BooleanField(_("monthly"), default=False)
    subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    payment_ref = models.CharField(max_length=255, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PAID
    )
    paid_at = models.DateTimeField(_("paid"), db_index=True)

    class Meta:
        ordering = ["-paid_at"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")

    def __str__(self):
        return f"{self.display_amount} ({self.stripe_id})"

    @property
    def display_amount(self):
        from masthead.members.models import format_amount

        return format_amount(self.amount, self.currency)
