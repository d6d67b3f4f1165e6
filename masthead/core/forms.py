"""Form behaviour every reader-facing form shares."""

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core import validators
from django.utils.deconstruct import deconstructible
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.forms.forms import FormBuilder

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
            label=gettext_lazy("Leave this field empty"),
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def is_spam(self):
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]


# --- Limits on what readers may send ------------------------------------------------------

# The most characters a reader may send in each kind of form-builder field when its editor
# set no limit: generous for people, small enough that nobody can store a novel.
DEFAULT_MAX_LENGTH = {
    "singleline": 255,
    "multiline": 10_000,
    "email": 254,
    "url": 2_000,
    "hidden": 255,
}
# No editor-set limit may go beyond this.
MAX_LENGTH_CEILING = 50_000


def count_words(text):
    return len((text or "").split())


@deconstructible
class _LimitValidator:
    """Refuse a value whose measure (characters, words) is over `limit`, saying by how
    much, in a message shown beside the field."""

    code = ""
    message = ""

    def __init__(self, limit):
        self.limit = limit

    def measure(self, value):
        raise NotImplementedError

    def __call__(self, value):
        count = self.measure(value)
        if count > self.limit:
            raise forms.ValidationError(
                self.message,
                code=self.code,
                params={"limit": intcomma(self.limit), "count": intcomma(count)},
            )

    def __eq__(self, other):
        return type(other) is type(self) and other.limit == self.limit


class MaxCharactersValidator(_LimitValidator):
    code = "max_length"
    message = gettext_lazy(
        "Please shorten this to %(limit)s characters or fewer: it has %(count)s. Your text is kept below."
    )

    def measure(self, value):
        return len(value or "")


class MaxWordsValidator(_LimitValidator):
    code = "max_words"
    message = gettext_lazy(
        "Please keep this to %(limit)s words or fewer: it has %(count)s. Your text is kept below."
    )

    def measure(self, value):
        return count_words(value)


class LimitedFormBuilder(FormBuilder):
    """Wagtail's form builder with a length limit on every text field readers fill in.

    A field's limit is its editor's `max_length` (characters) and `max_words`, when the
    field model has them and they are set, else DEFAULT_MAX_LENGTH for its type. The
    check is the server's, with a message beside the field: no `maxlength` attribute, which
    would make a browser cut a pasted text short without a word.
    """

    TEXT_TYPES = tuple(DEFAULT_MAX_LENGTH)

    def get_create_field_function(self, type):
        create = super().get_create_field_function(type)
        if type not in self.TEXT_TYPES:
            return create

        def create_limited(field, options):
            formfield = create(field, options)
            self.limit(formfield, field, type)
            return formfield

        return create_limited

    def limit(self, formfield, field, type):
        chars = getattr(field, "max_length", None) or DEFAULT_MAX_LENGTH[type]
        chars = min(chars, MAX_LENGTH_CEILING)
        words = getattr(field, "max_words", None)
        formfield.max_length = chars
        formfield.validators = [
            v for v in formfield.validators if not isinstance(v, validators.MaxLengthValidator)
        ]
        if words:
            formfield.validators.append(MaxWordsValidator(words))
        formfield.validators.append(MaxCharactersValidator(chars))
        formfield.widget.attrs.pop("maxlength", None)
        if words:
            note = _("Up to %(limit)s words.") % {"limit": intcomma(words)}
        elif getattr(field, "max_length", None):
            note = _("Up to %(limit)s characters.") % {"limit": intcomma(chars)}
        else:
            return
        formfield.help_text = (
            format_html("{} {}", formfield.help_text, note) if formfield.help_text else note
        )
