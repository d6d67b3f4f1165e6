"""An issue as an email (HTML with inlined CSS, plain text) and as a web page.

The issue is rendered once per send; each recipient's copy only swaps in their own
unsubscribe and preference links (placeholders below), so a send of 100,000 renders the
templates once, not 100,000 times.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from feedgen.feed import FeedGenerator

from masthead.members import campaigns

from . import emails

UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"
MANAGE_PLACEHOLDER = "%%MANAGE_URL%%"


def _absolute(url):
    if not url or url.startswith(("http://", "https://", "mailto:")):
        return url
    return settings.SITE_URL + url


def _image(image, spec="fill-600x338"):
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    return {
        "url": _absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.description or image.title,
    }


def cards(issue):
    """The chosen live articles, in order, as {title, url, standfirst, image}."""
    from masthead.articles.models import ArticlePage

    ids = [block.value.pk for block in issue.articles if block.value is not None]
    pages = ArticlePage.objects.live().filter(pk__in=ids).select_related("lead_image")
    by_id = {page.pk: page for page in pages}
    return [
        {
            "title": page.title,
            "url": _absolute(page.get_url()),
            "standfirst": page.standfirst,
            "image": _image(page.lead_image),
        }
        for page in (by_id.get(pk) for pk in ids)
        if page is not None
    ]


def body_blocks(issue):
    blocks = []
    for block in issue.body:
        value = block.value
        if block.block_type == "image":
            blocks.append(
                {
                    "type": "image",
                    "image": {**_image(value["image"], "width-600"), "alt": value["alt"]},
                    "caption": value.get("caption", ""),
                }
            )
        elif block.block_type == "paragraph":
            html = value.source if hasattr(value, "source") else str(value)
            from wagtail.rich_text import expand_db_html

            blocks.append({"type": "paragraph", "html": _absolute_links(expand_db_html(html))})
        elif block.block_type == "button":
            blocks.append({"type": "button", "text": value["text"], "url": value["url"]})
        else:
            blocks.append({"type": "heading", "text": value})
    return blocks


def _absolute_links(html):
    return html.replace('href="/', f'href="{settings.SITE_URL}/').replace(
        'src="/', f'src="{settings.SITE_URL}/'
    )


def issue_context(issue):
    from wagtail.rich_text import expand_db_html

    return {
        "issue": issue,
        "newsletter": issue.newsletter,
        "intro_html": _absolute_links(expand_db_html(issue.intro)),
        "cards": cards(issue),
        "blocks": body_blocks(issue),
        # The running campaign's goal meter, figures as of this render (members' campaigns).
        "meters": campaigns.current_progress() if issue.show_campaign_meter else [],
        "membership_url": emails.absolute(reverse("members:membership")),
        "web_url": emails.absolute(
            reverse("newsletters:issue", args=[issue.newsletter.slug, issue.pk])
        ),
    }


def render_issue(issue):
    """(text, html) of the issue's email with link placeholders (see personalise)."""
    context = {
        **issue_context(issue),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "manage_url": MANAGE_PLACEHOLDER,
    }
    return emails.render("issue", context)


def personalise(text, html, links):
    for placeholder, key in (
        (UNSUBSCRIBE_PLACEHOLDER, "unsubscribe_url"),
        (MANAGE_PLACEHOLDER, "manage_url"),
    ):
        text = text.replace(placeholder, links[key])
        html = html.replace(placeholder, links[key])
    return text, html


def archive_feed(request, newsletter):
    from django.http import HttpResponse

    from . import queries

    archive_url = emails.absolute(reverse("newsletters:archive", args=[newsletter.slug]))
    feed = FeedGenerator()
    feed.id(archive_url)
    feed.title(newsletter.name)
    feed.link(href=archive_url, rel="alternate")
    feed.link(
        href=emails.absolute(reverse("newsletters:archive_feed", args=[newsletter.slug])),
        rel="self",
    )
    feed.description(newsletter.description or newsletter.name)
    feed.language(settings.LANGUAGE_CODE)
    for issue in reversed(list(queries.sent_issues(newsletter, limit=50))):
        url = emails.absolute(reverse("newsletters:issue", args=[newsletter.slug, issue.pk]))
        entry = feed.add_entry()
        entry.id(url)
        entry.title(issue.subject)
        entry.link(href=url)
        entry.description(issue.preheader or strip_tags(issue.intro)[:300] or issue.subject)
        entry.published(issue.sent_at)
    return HttpResponse(
        feed.rss_str(pretty=True), content_type="application/rss+xml; charset=utf-8"
    )
