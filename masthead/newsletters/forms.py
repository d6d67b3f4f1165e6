from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.core.forms import AccessibleFormMixin, HoneypotMixin

from .models import Newsletter

BAD_EMAIL = _("Please, enter correct email address")


class SignupForm(AccessibleFormMixin, HoneypotMixin, forms.Form):
    """Email (required), one or more lists, an optional name, and the honeypot.

    `newsletters` are the lists offered; with one, it is a hidden field. `id_prefix`
    keeps ids unique when several forms share a page (field names stay the same, so one
    view handles them all).
    """

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={"required": BAD_EMAIL, "invalid": BAD_EMAIL},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    lists = forms.ModelMultipleChoiceField(
        label=_("Newsletters"),
        queryset=Newsletter.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one newsletter.")},
    )

    def __init__(self, *args, newsletters, id_prefix="", **kwargs):
        if id_prefix:
            kwargs.setdefault("auto_id", f"id_{id_prefix}_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["lists"]
        field.queryset = Newsletter.objects.filter(pk__in=[n.pk for n in newsletters])
        field.choices = [(n.slug, n.name) for n in newsletters]
        if len(newsletters) == 1:
            field.widget = forms.MultipleHiddenInput()
            field.widget.choices = field.choices
            self.initial.setdefault("lists", [newsletters[0].slug])
        self.fields["lists"].widget.attrs.pop("required", None)
        self.single = len(newsletters) == 1

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class PreferencesForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Your newsletters"),
        queryset=Newsletter.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, newsletters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = Newsletter.objects.filter(
            pk__in=[n.pk for n in newsletters]
        )
