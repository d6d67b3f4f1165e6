from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_('Who or what uses the key, e.g. "Wire importer" or "Chat bot".'),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Give the key only what it needs."),
    )
