"""A hostile corpus (hostile_strings.txt: the Big List of Naughty Strings' categories plus
script-injection payloads) through posting, editing, the article page, the reader's part
and the moderation admin. The pages are parsed: no script element carries any of it, no
element has an event-handler attribute, no URL is javascript:, vbscript: or data:, and
nothing answers 500."""

import pathlib

import lxml.html
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from masthead.comments.models import Comment
from masthead.core import pagecache
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

from .factories import comment_settings, member

pytestmark = pytest.mark.django_db

CORPUS = [
    line.replace("\\n", "\n")
    for line in (pathlib.Path(__file__).parent / "hostile_strings.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if not line.startswith("#")
]
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "cite", "srcdoc", "poster")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def assert_safe(html, where):
    tree = lxml.html.document_fromstring(html)
    for script in tree.iter("script"):
        text = script.text or ""
        assert "alert" not in text and "pwned" not in text, (where, text[:200])
        src = script.get("src")
        # The site's own scripts only (static files, the admin's translations).
        assert src is None or (src.startswith("/") and not src.startswith("//")), (where, src)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name, value)
            if name.lower() in URL_ATTRIBUTES:
                cleaned = "".join(value.split()).lower()
                assert not cleaned.startswith(BAD_SCHEMES), (where, element.tag, name, value)
        if element.tag in (
            "iframe",
            "object",
            "embed",
            "base",
            "form",
            "img",
            "svg",
            "math",
            "style",
        ):
            inside = element.xpath("ancestor::*[contains(@class, 'comment__body')]")
            assert not inside, (where, element.tag)
    comments = tree.xpath("//*[@id='comments']")
    for section in comments:
        assert not section.xpath(".//script"), where


@override_settings(COMMENTS_RATE_LIMIT=100_000, COMMENTS_PAGE_SIZE=500)
def test_hostile_corpus_everywhere(newsroom):
    comment_settings()
    article = newsroom.articles[0]
    reader = member()
    client = Client(raise_request_exception=False)
    client.force_login(reader)
    write = reverse("comments:write", args=[article.pk])
    for text in CORPUS:
        response = client.post(write, {"body": text, "notify": "on"})
        assert response.status_code in (302, 400), (text, response.status_code)
        if response.status_code == 400:
            assert_safe(response.content.decode(), f"write error for {text!r}")
    posted = list(Comment.objects.filter(author=reader).order_by("pk"))
    assert len(posted) > len(CORPUS) * 0.8

    target = posted[0]
    for text in CORPUS:
        response = client.post(
            reverse("comments:edit", args=[target.pk]), {"body": text + " (edited)"}
        )
        assert response.status_code in (302, 400), (text, response.status_code)
    edit_page = client.get(reverse("comments:edit", args=[target.pk]))
    assert_safe(edit_page.content.decode(), "edit page")

    pagecache.purge_all()
    page = Client(raise_request_exception=False).get(article.url)
    assert page.status_code == 200
    assert_safe(page.content.decode(), "article page")
    part = client.get("/_/reader.json", {"path": article.url, "page": article.pk}).json()
    assert_safe("<body>" + part["parts"]["comments"]["html"] + "</body>", "reader part")
    assert_safe(client.get(write).content.decode(), "write page with own comments")

    moderator = StaffFactory(groups=[roles.MODERATORS])
    staff = Client(raise_request_exception=False)
    staff.force_login(moderator)
    number = 1
    while True:
        response = staff.get(reverse("comments_admin:queue"), {"queue": "all", "p": number})
        assert response.status_code == 200
        assert_safe(response.content.decode(), f"queue page {number}")
        if f"p={number + 1}" not in response.content.decode():
            break
        number += 1
    for found in posted[::10]:
        detail = staff.get(reverse("comments_admin:comment", args=[found.pk]))
        assert detail.status_code == 200
        assert_safe(detail.content.decode(), f"admin comment {found.pk}")
        report = client.get(reverse("comments:report", args=[found.pk]))
        assert report.status_code in (200, 404)
    commenter = staff.get(reverse("comments_admin:commenter", args=[reader.pk]))
    assert_safe(commenter.content.decode(), "commenter page")
    ids = [c.pk for c in posted[:40]]
    bulk = staff.post(
        reverse("comments_admin:act"), {"ids": ids, "action": "reject", "reason": CORPUS[80]}
    )
    assert bulk.status_code == 302
    log = staff.get(reverse("comments_admin:log"))
    assert_safe(log.content.decode(), "audit log")
    assert_safe(
        "<body>"
        + client.get("/_/reader.json", {"path": article.url, "page": article.pk}).json()["parts"][
            "comments"
        ]["html"]
        + "</body>",
        "reader part with rejection reasons",
    )
