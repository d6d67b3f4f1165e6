from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.core.forms import AccessibleFormMixin, HoneypotMixin

from .models import Report


class CommentForm(AccessibleFormMixin, HoneypotMixin, forms.Form):
    """A comment or a reply. The limits (characters, links, words) are the services'
    checks, whose messages show beside the field with the text kept: no maxlength, which
    would cut a pasted text short without a word."""

    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Plain text. Leave a blank line for a new paragraph; start a line with > to quote."
        ),
        strip=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    notify = forms.BooleanField(
        label=_("Email me when someone replies to me or the newsroom replies here"),
        required=False,
    )


class EditForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), strip=False
    )


class ReportForm(AccessibleFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"), choices=Report.Reason.choices
    )
    note = forms.CharField(
        label=_("Anything the moderators should know"), required=False, max_length=500
    )
