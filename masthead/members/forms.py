from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from masthead.core.forms import AccessibleFormMixin

from .checkout import Choice
from .models import TierPrice, format_amount


class JoinForm(AccessibleFormMixin, forms.Form):
    """A tier's price, or pay-what-you-want above the minimum."""

    FREQUENCIES = [("month", _("Monthly")), ("year", _("Yearly")), ("once", _("Once"))]

    price = forms.IntegerField(required=False, widget=forms.HiddenInput)
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=FREQUENCIES, required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tiers = list(tiers)
        minimum = format_amount(settings.MEMBERS_MINIMUM_AMOUNT, settings.MEMBERS_CURRENCY)
        self.fields["amount"].help_text = _("At least %(minimum)s.") % {"minimum": minimum}
        self.fields["amount"].widget.attrs.pop("required", None)
        self.fields["frequency"].initial = "month"

    def clean(self):
        data = super().clean()
        price_id = data.get("price")
        if price_id:
            price = (
                TierPrice.objects.filter(pk=price_id, tier__active=True)
                .select_related("tier")
                .first()
            )
            if price is None:
                raise forms.ValidationError(_("That price is no longer offered."))
            data["choice"] = Choice(
                tier=price.tier,
                amount=price.amount,
                currency=price.currency,
                interval=price.interval,
                price=price,
            )
            return data
        amount = data.get("amount")
        if amount is None:
            self.add_error("amount", _("Enter an amount, or choose a tier."))
            return data
        minor = int(amount * 100)
        if minor < settings.MEMBERS_MINIMUM_AMOUNT:
            self.add_error("amount", self.fields["amount"].help_text)
            return data
        if not self.tiers:
            raise forms.ValidationError(_("Memberships are not offered yet."))
        frequency = data.get("frequency") or "month"
        data["choice"] = Choice(
            tier=self.tiers[0],
            amount=minor,
            currency=settings.MEMBERS_CURRENCY,
            interval=None if frequency == "once" else frequency,
        )
        return data
