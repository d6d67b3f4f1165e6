"""The donate and gift forms."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masthead.core.forms import AccessibleFormMixin

from . import gifts
from .models import Gift, Tier, format_amount


class DonationForm(AccessibleFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    currency = forms.ChoiceField(label=_("Currency"))
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[("once", _("Once")), ("month", _("Every month"))],
        initial="once",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        currencies = [c.lower() for c in settings.MEMBERS_DONATION_CURRENCIES]
        self.fields["currency"].choices = [(c, c.upper()) for c in currencies]
        self.fields["currency"].initial = currencies[0]
        if len(currencies) == 1:
            self.fields["currency"].widget = forms.HiddenInput()
        self.minimum = settings.MEMBERS_DONATION_MINIMUM
        self.fields["amount"].help_text = _("At least %(minimum)s.") % {
            "minimum": format_amount(self.minimum, currencies[0])
        }

    def clean(self):
        data = super().clean()
        amount = data.get("amount")
        if amount is not None and int(amount * 100) < self.minimum:
            self.add_error(
                "amount",
                _("Please give at least %(minimum)s.")
                % {"minimum": format_amount(self.minimum, data.get("currency") or "")},
            )
        if amount is not None:
            data["minor"] = int(amount * 100)
        return data


class GiftForm(AccessibleFormMixin, forms.Form):
    tier = forms.ModelChoiceField(
        label=_("Membership"),
        queryset=Tier.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    months = forms.TypedChoiceField(
        label=_("For how long"),
        coerce=int,
        choices=[(m, _("%(months)s months") % {"months": m}) for m in Gift.TERMS],
        initial=12,
        widget=forms.RadioSelect,
    )
    recipient_name = forms.CharField(label=_("Their name"), max_length=120)
    recipient_email = forms.EmailField(
        label=_("Their email"),
        required=False,
        help_text=_("Needed when we email the gift."),
    )
    message = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"),
        choices=Gift.Delivery.choices,
        initial=Gift.Delivery.EMAIL,
        widget=forms.RadioSelect,
    )
    deliver_on = forms.DateField(
        label=_("Delivery date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today or later."),
    )
    buyer_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    buyer_email = forms.EmailField(
        label=_("Your email"), help_text=_("For your receipt and the gift's link.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = Tier.objects.filter(active=True).prefetch_related("prices")
        self.fields["deliver_on"].initial = timezone.localdate()

    def clean_deliver_on(self):
        value = self.cleaned_data["deliver_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("delivery") == Gift.Delivery.EMAIL and not data.get("recipient_email"):
            self.add_error("recipient_email", _("Enter their email, or choose to print the link."))
        tier, months = data.get("tier"), data.get("months")
        if tier and months and gifts.price_for(tier, months) is None:
            self.add_error("tier", _("That membership cannot be given yet."))
        return data
