from django import forms
from django.utils.translation import gettext_lazy as _

from .engines import voice_choices


class NarrationSettingsForm(forms.Form):
    enabled = forms.BooleanField(label=_("Narrate this article"), required=False)
    voice = forms.ChoiceField(label=_("Voice"), required=False)
    regenerate = forms.BooleanField(
        label=_("Narrate it again now"),
        required=False,
        help_text=_("Makes a new recording even if the text has not changed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voice"].choices = [("", _("The newsroom's default")), *voice_choices()]
