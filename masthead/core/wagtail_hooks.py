"""Admin-wide behaviour: the page editor's publish waits for an autosave in flight."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def publish_after_autosave_js():
    return format_html('<script src="{}" defer></script>', static("masthead/js/admin-editor.js"))
