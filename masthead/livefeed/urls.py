"""The live endpoints and the news feed's own feeds. /live/ is outside the page cache."""

from django.urls import path

import masthead.articles.urls  # noqa: F401 - registers the feedfmt converter

from . import views

urlpatterns = [
    path("live/stream", views.stream, name="livefeed_stream"),
    path("live/changes.json", views.changes, name="livefeed_changes"),
    path("feeds/news/<feedfmt:fmt>", views.stream_feed, name="livefeed_feed"),
]
