"""The search form: a query and optional filters, read from the URL (a GET form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.articles.models import AuthorPage, SectionPage
from masthead.core.forms import AccessibleFormMixin

from . import queries


class TitleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title

    def to_python(self, value):
        # A number past 64 bits is no page's id; the database driver would raise
        # OverflowError (a 500) where the reader should see "choose from the list".
        digits = value.strip().lstrip("+-") if isinstance(value, str) else ""
        if digits.isdigit():
            if len(digits) > 19 or not -(2**63) <= int(value) < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


class SearchForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(label=_("Search articles"), required=False)
    section = TitleChoiceField(
        label=_("Section"),
        required=False,
        queryset=SectionPage.objects.none(),
        empty_label=_("All sections"),
        error_messages={"invalid_choice": _("Choose a section from the list.")},
    )
    author = TitleChoiceField(
        label=_("Author"),
        required=False,
        queryset=AuthorPage.objects.none(),
        empty_label=_("All authors"),
        error_messages={"invalid_choice": _("Choose an author from the list.")},
    )
    date_from = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    date_to = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )

    FILTERS = ("section", "author", "date_from", "date_to")

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # Anything may arrive in a URL: keep the query printable and bounded before
            # Django's validators see it (they reject a NUL with an error).
            data = data.copy()
            data["q"] = queries.clean_query(data.get("q", ""))
        super().__init__(data, **kwargs)
        self.fields["section"].queryset = SectionPage.objects.live().order_by("path")
        self.fields["author"].queryset = AuthorPage.objects.live().order_by("title")
        self.fields["q"].widget.attrs.update(
            {"autocomplete": "off", "maxlength": queries.MAX_QUERY_LENGTH}
        )
        self.fields["q"].widget.input_type = "search"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("This date is before the start date."))
        return cleaned

    def has_filters(self):
        return any(self.cleaned_data.get(name) for name in self.FILTERS)

    def filters(self):
        return {name: self.cleaned_data.get(name) for name in self.FILTERS}
