import re

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.core.forms import AccessibleFormMixin

# Letters (any script), digits, spaces and a little punctuation; no links or markup.
DISPLAY_NAME = re.compile(r"^[\w][\w .'’\-]*$")


class SignInForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class DisplayNameForm(AccessibleFormMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        min_length=2,
        max_length=50,
        help_text=_("Shown beside your comments. 2 to 50 letters, numbers, spaces, . - '"),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not DISPLAY_NAME.match(name) or "://" in name or "www." in name.lower():
            raise forms.ValidationError(
                _("Use letters, numbers, spaces and . - ' only (no links)."), code="invalid"
            )
        return name
