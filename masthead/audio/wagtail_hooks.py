from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import PronunciationEntry


class PronunciationViewSet(SnippetViewSet):
    model = PronunciationEntry
    icon = "media"
    menu_label = _("Pronunciations")
    list_display = ["word", "respelling", "note"]
    search_fields = ["word"]
    add_to_admin_menu = False


register_snippet(PronunciationViewSet)


@hooks.register("register_admin_urls")
def register_audio_admin_urls():
    urls = [
        path("", admin_views.narrations, name="narrations"),
        path("<int:page_id>/", admin_views.narration, name="narration"),
    ]
    return [path("narrations/", include((urls, "audio_admin"), namespace="audio_admin"))]


@hooks.register("register_reports_menu_item")
def register_narrations_report():
    return MenuItem(
        _("Narrations"), reverse("audio_admin:narrations"), icon_name="media", order=900
    )
