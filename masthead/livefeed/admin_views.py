"""The "News feed" admin: one short form that publishes at once, a list newest first,
editing and deleting. Every save goes through services.py; a refusal from the service
(an empty headline, a double submission) shows beside its field with the text kept."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import StatusTagColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from . import services
from .models import FeedItem

FORM_FIELDS = (
    "headline",
    "body",
    "image",
    "image_credit",
    "article",
    "tags",
    "breaking",
    "pinned",
)


class FeedItemForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["headline"].error_messages["required"] = _(
            "Write a headline: an update cannot be posted without one."
        )


class ServiceSaveMixin:
    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
            self.produced_error_message = _("The update was not posted: see the errors below.")
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response

    def values(self):
        data = self.form.cleaned_data
        return {name: data[name] for name in FORM_FIELDS if name in data}


class FeedItemCreateView(ServiceSaveMixin, CreateView):
    def save_instance(self):
        return services.do_post_item(posted_by=self.request.user, **self.values())


class FeedItemEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        return services.do_update_item(self.object, by=self.request.user, **self.values())


class FeedItemDeleteView(DeleteView):
    def delete_action(self):
        services.do_delete_item(self.object, by=self.request.user)


class FlagColumn(StatusTagColumn):
    """A yes/no field as a status tag ("Breaking", "Pinned"), or "—" when it is off:
    words an editor reads at a glance, never a raw True/False."""

    def __init__(self, name, text, **kwargs):
        super().__init__(name, primary=lambda item: getattr(item, name), **kwargs)
        self.text = text

    def get_value(self, instance):
        return self.text if getattr(instance, self.name) else "—"


class FeedItemViewSet(ModelViewSet):
    model = FeedItem
    icon = "time"
    menu_label = _("News feed")
    menu_order = 210
    add_to_admin_menu = True
    add_view_class = FeedItemCreateView
    edit_view_class = FeedItemEditView
    delete_view_class = FeedItemDeleteView
    list_display = [
        "headline",
        "published_at",
        FlagColumn("breaking", _("Breaking"), label=_("Breaking")),
        FlagColumn("pinned", _("Pinned"), label=_("Pinned")),
        "updated_at",
    ]
    list_filter = ["breaking", "pinned"]
    ordering = ["-published_at", "-pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("headline"),
            FieldPanel("body"),
            FieldRowPanel([FieldPanel("breaking"), FieldPanel("pinned")]),
            MultiFieldPanel(
                [FieldPanel("image"), FieldPanel("image_credit"), FieldPanel("article")],
                heading=_("Image and full article"),
            ),
            FieldPanel("tags"),
        ],
        base_form_class=FeedItemForm,
    )


feed_item_viewset = FeedItemViewSet("livefeed")
