from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from masthead.articles.models import SectionPage

from . import feeds, queries
from .ranges import ranged_file_response


@require_safe
@cache_control(public=True, max_age=86400)
def narration_audio(request, guid):
    """The MP3 of a narration, with range requests so players can seek. (Where nginx or
    object storage serves /media/ directly, this view is only the stable address.)"""
    narration = queries.playable().filter(guid=guid).only("audio", "text_hash", "page_id").first()
    if narration is None or not narration.audio:
        raise Http404
    filename = None
    if request.GET.get("download"):
        filename = f"narration-{narration.page_id}.mp3"
    return ranged_file_response(
        request,
        narration.audio.storage,
        narration.audio.name,
        "audio/mpeg",
        filename=filename,
        etag=f'"{narration.text_hash[:16]}"',
    )


@require_safe
def podcast_feed(request, section_slug=None):
    section = None
    if section_slug is not None:
        section = get_object_or_404(SectionPage.objects.live(), slug=section_slug)
    xml = feeds.podcast_rss(request, section)
    return HttpResponse(xml, content_type="application/rss+xml; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=86400)
def podcast_artwork_image(request):
    from wagtail.models import Site

    from .artwork import podcast_artwork
    from .services import outlet_name

    artwork = podcast_artwork(outlet_name(site=Site.find_for_request(request)))
    return ranged_file_response(request, artwork.image.storage, artwork.image.name, "image/png")
