"""The podcast feed of narrated articles: RSS 2.0 with Apple's iTunes tags and the
Podcasting 2.0 namespace, built with feedgen. Every address in it is absolute."""

import uuid

from django.conf import settings
from django.urls import reverse
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from . import queries, services
from .artwork import podcast_artwork

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
# The namespace the Podcasting 2.0 spec fixes for <podcast:guid> (a UUIDv5 of the feed URL).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


class PodcastIndexExtension(BaseExtension):
    """<podcast:locked> and <podcast:guid> on the channel."""

    def __init__(self):
        self.locked = None
        self.guid = None

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.locked is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes" if self.locked[0] else "no"
            if self.locked[1]:
                locked.set("owner", self.locked[1])
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    def extend_rss(self, entry):
        return entry


def absolute(path):
    return settings.SITE_URL + path


def podcast_guid(feed_url):
    """The Podcasting 2.0 guid: UUIDv5 of the feed URL without its scheme."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def podcast_rss(request, section=None):
    from wagtail.models import Site

    from masthead.core.models import SiteSettings

    site = Site.find_for_request(request)
    site_settings = SiteSettings.for_site(site) if site else None
    outlet = services.outlet_name(site=site)
    owner_email = (
        settings.PODCAST_OWNER_EMAIL
        or (site_settings and site_settings.editors_email)
        or settings.EDITORS_EMAIL
    )
    if section is None:
        feed_url = absolute(reverse("podcast_feed"))
        title = f"{outlet}: narrated articles"
        home = absolute(site.root_page.url if site else "/")
    else:
        feed_url = absolute(reverse("podcast_section_feed", args=[section.slug]))
        title = f"{outlet}: {section.title}, narrated"
        home = absolute(section.url)
    description = (
        site_settings and site_settings.description
    ) or f"Articles from {outlet}, read aloud. This audio is created with AI assistance."
    podcast_artwork(outlet)  # makes sure the artwork exists before its address is given

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)
    fg.title(title)
    fg.link(href=home, rel="alternate")
    fg.link(href=feed_url, rel="self")
    fg.description(description)
    fg.language(settings.LANGUAGE_CODE)
    fg.generator("Masthead")
    copyright_holder = (site_settings and site_settings.copyright_holder) or outlet
    fg.copyright(f"© {copyright_holder}")
    artwork_url = absolute(reverse("podcast_artwork"))
    fg.image(url=artwork_url, title=title, link=home)
    fg.podcast.itunes_image(artwork_url)
    fg.podcast.itunes_author(outlet)
    fg.podcast.itunes_owner(name=outlet, email=owner_email)
    fg.podcast.itunes_category(settings.PODCAST_CATEGORY)
    fg.podcast.itunes_explicit("yes" if settings.PODCAST_EXPLICIT else "no")
    fg.podcast.itunes_summary(description)
    fg.podcast.itunes_type("episodic")
    fg.podcastindex.locked = (settings.PODCAST_LOCKED, owner_email)
    fg.podcastindex.guid = podcast_guid(feed_url)

    episodes = queries.podcast_episodes(section)
    if episodes:
        fg.lastBuildDate(max(n.narrated_at or n.page.published_at for n in episodes))
    # feedgen prepends entries: add oldest first so the newest ends up on top.
    for narration in reversed(episodes):
        page = narration.page
        audio_url = absolute(reverse("narration_audio", args=[narration.guid]))
        audio_url += f"?v={narration.text_hash[:12]}"
        entry = fg.add_entry()
        entry.id(f"urn:uuid:{narration.guid}")
        entry.guid(f"urn:uuid:{narration.guid}", permalink=False)
        entry.title(page.title)
        entry.link(href=absolute(page.url))
        summary = page.standfirst or page.search_description or page.title
        entry.description(f"{summary} This audio is created with AI assistance.")
        entry.enclosure(audio_url, str(narration.size), "audio/mpeg")
        entry.published(page.published_at or page.first_published_at)
        entry.podcast.itunes_duration(round(narration.duration))
        entry.podcast.itunes_explicit("yes" if settings.PODCAST_EXPLICIT else "no")
        entry.podcast.itunes_episode_type("full")
        entry.podcast.itunes_summary(summary)
    return fg.rss_str(pretty=True)
