"""Form behaviour every reader-facing form shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


class AccessibleFormMixin:
    """Tie each field to its help text and error message for screen readers.

    After validation, invalid fields get aria-invalid and aria-describedby
    pointing at the message printed beside them (see components/form_field.html).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}_help"
            if field.required:
                field.widget.attrs["required"] = True

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            described = [f"{self.auto_id % name}_error"]
            if attrs.get("aria-describedby"):
                described.append(attrs["aria-describedby"])
            attrs["aria-describedby"] = " ".join(dict.fromkeys(described))
            attrs["aria-invalid"] = "true"


class HoneypotMixin(forms.Form):
    """A field people never see (and screen readers skip) that bots fill in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def is_spam(self):
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]
