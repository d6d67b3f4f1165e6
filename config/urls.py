from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.articles import views as article_views
from masthead.audio import views as audio_views
from masthead.core import views as core_views
from masthead.core.reader import reader_view
from masthead.search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("api/", include("masthead.api.urls")),
    path("account/", include("masthead.users.urls")),
    path("", include("masthead.members.urls")),
    path("", include("masthead.payments.urls")),
    path("topics/<slug:slug>/", article_views.tag_page, name="tag"),
    # feeds, sitemaps and robots.txt
    path("", include("masthead.articles.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    # what differs by reader on a cached page (core/reader.py); never cached
    path("_/reader.json", reader_view, name="reader"),
    # the cookie-less view beacon (analytics; answered before Django by config/wsgi.py)
    path("", include("masthead.analytics.urls")),
    path("podcast.xml", audio_views.podcast_feed, name="podcast_feed"),
    path("podcast/artwork.png", audio_views.podcast_artwork_image, name="podcast_artwork"),
    path("podcast/<slug:section_slug>.xml", audio_views.podcast_feed, name="podcast_section_feed"),
    path("audio/<uuid:guid>.mp3", audio_views.narration_audio, name="narration_audio"),
    # newsletters: signup, confirmation, preferences, unsubscribe, archive; the email
    # provider's tracking webhooks (anymail verifies them)
    path("", include("masthead.newsletters.urls")),
    path("newsletters/provider/", include("anymail.urls")),
    # the news feed's live stream, its polling fallback and its feeds
    path("", include("masthead.livefeed.urls")),
    path("comments/", include("masthead.comments.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    urlpatterns += [path("media/<path:path>", core_views.serve_media, name="media")]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "masthead.core.views.page_not_found"
handler500 = "masthead.core.views.server_error"
