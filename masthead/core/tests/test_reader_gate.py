"""The reader-experience gate: every reading page (READER_PAGES in reader_checks.py),
served by the live server, has no axe-core violation of any impact at 1280 and 412 px,
no Nu HTML Checker (vnu) error, and reads and submits its forms with JavaScript off.

Lighthouse scores, LCP and page weight are measured by `make audit` (tools/audit.py).
vnu needs Java and node_modules/vnu-jar (`make install-test`): without them these tests
fail in CI and skip, saying why, elsewhere.
"""

import datetime
import json
import os

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from masthead.analytics import services as analytics_services
from masthead.analytics.models import ArticleDay, ArticleHour
from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticlePageFactory
from masthead.audio.models import Narration
from masthead.comments.tests import factories as comment_factories
from masthead.core.tests.reader_checks import (
    CHROMIUM,
    CHROMIUM_ARGS,
    WIDTHS,
    axe_violations,
    browser_test_marks,
    resolve_pages,
    vnu_errors,
    vnu_missing,
)
from masthead.livefeed import live
from masthead.livefeed.tests.factories import make_live_page, post
from masthead.members.tests.factories import TierFactory
from masthead.members.tests.funding_factories import make_campaign
from masthead.newsletters.models import Newsletter, NewsletterIndexPage
from masthead.pages.tests.factories import build_newsroom
from masthead.users.tests.factories import UserFactory

pytestmark = browser_test_marks()


@pytest.fixture
def pages(live_server):
    """{name: URL} of the reading pages, plus other pages readers use, on the live server."""
    newsroom = build_newsroom()
    newsroom.home.add_child(
        instance=NewsletterIndexPage(
            title="Newsletters",
            slug="newsletters",
            introduction="Our newsletters, straight to your inbox.",
        )
    )
    # Two lists: the page shows a form for each, the widgets a form with both.
    for order, name in enumerate(["Morning Ledger", "Long Read"]):
        Newsletter.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            cadence="Every weekday",
            description="News in the morning.",
            sender_name=name,
            sender_email="letters@example.org",
            sort_order=order,
        )
    # The news feed page, with a pinned, a breaking and a breakout item; its widget then
    # shows on the home page and beside the article.
    make_live_page(newsroom.home)
    post("How to read this feed", minutes_ago=90, pinned=True)
    post("Air raid alert lifted across the region", minutes_ago=30, breaking=True)
    post("The river port after the storm", minutes_ago=5, article=newsroom.articles[-1])
    # Its foot shows an opinion teaser (a headline that needs escaping) and the picks.
    ArticlePageFactory(
        parent=newsroom.sections[1],
        title='Opinion: the "port" & the <river> — why it matters',
        kind=ArticlePage.Kind.OPINION,
        authors=[newsroom.authors[1]],
        tags=["Energy"],
        published_at=newsroom.articles[-1].published_at - datetime.timedelta(days=1),
    )
    # The article carries every widget it can: here, the narration player.
    narration = Narration.objects.create(
        page=newsroom.articles[-1],
        status=Narration.Status.DONE,
        text_hash="ab" * 32,
        duration=252.4,
        size=1024,
    )
    narration.audio.save("narration.mp3", ContentFile(b"\xff\xfb" * 512))
    # A running campaign and a tier: the meters on home, the article and the membership
    # page, and the gift form's choices.
    TierFactory(name="Supporter", prices=[("eur", "month", 500), ("eur", "year", 4800)])
    make_campaign(offset=667)
    # Its comments: a pinned thread with a reply, a staff reply, a quote and a link.
    article = newsroom.articles[-1]
    commenter = UserFactory(display_name="Ada M.")
    first = comment_factories.visible(
        article,
        commenter,
        body="Thank you.\n\n> The port reopened\n\nhttps://example.org/port",
        pinned=True,
    )
    comment_factories.visible(
        article, UserFactory(), body="Same here.", parent=first, in_reply_to=first, like_count=2
    )
    comment_factories.visible(
        article,
        UserFactory(display_name="The editors"),
        body="We will follow up.",
        staff_reply=True,
    )
    # Reading figures, so that home and the article show the most popular lists.
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    for rank, read in enumerate(newsroom.articles[:4]):
        ArticleHour.objects.create(hour=hour, article=read, views=90 - rank, uniques=80 - rank)
        ArticleDay.objects.create(day=hour.date(), article=read, uniques=80 - rank)
    analytics_services.do_refresh_popular()
    paths = resolve_pages()
    # Pages beyond the reading list that still get the axe and vnu checks.
    paths |= {
        "team": newsroom.team.url,
        "form": newsroom.form.url,
        "search": "/search/?q=river",
        # The comment form's own page (what the thread's Reply links and a plain post
        # open): it needs an article's id, so it is named here, not in READER_PAGES.
        "comment": f"/comments/{article.pk}/write/?reply_to={first.pk}",
    }
    yield {name: live_server.url + path for name, path in paths.items()}
    # Pages held news feed streams open: stop the poller before the database goes away.
    live.thread_hub.stop()


def chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def test_reading_pages_have_no_accessibility_violations_at_desktop_and_phone_widths(pages):
    from playwright.sync_api import sync_playwright

    problems = {}
    with sync_playwright() as playwright:
        browser = chromium(playwright)
        for width, viewport in WIDTHS.items():
            page = browser.new_page(viewport=viewport)
            for name, url in pages.items():
                violations = axe_violations(page, url)
                if violations:
                    problems[f"{name} at {width}px"] = violations
            page.close()
        browser.close()
    assert not problems, "axe-core found:\n" + json.dumps(problems, indent=2)


def test_reading_pages_are_valid_html(pages, live_server):
    problem = vnu_missing()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"vnu cannot run in CI: {problem}")
        pytest.skip(problem)
    client = Client()
    documents = {}
    for name, url in pages.items():
        response = client.get(url.removeprefix(live_server.url))
        assert response.status_code == 200, (name, response.status_code)
        documents[name] = response.content.decode()
    errors = vnu_errors(documents)
    assert not errors, "The Nu HTML Checker found:\n" + json.dumps(errors, indent=2)


def test_reading_pages_read_and_search_without_javascript(pages):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium(playwright)
        page = browser.new_context(java_script_enabled=False, viewport=WIDTHS[412]).new_page()
        for name, url in pages.items():
            response = page.goto(url)
            assert response.status == 200, name
            assert page.locator("h1").first.inner_text().strip(), f"{name} has no headline"
            assert len(page.locator("main").inner_text()) > 40, f"{name} shows no text"
        page.goto(pages["article"])
        assert page.locator("section.narration audio").count() == 1, "the player is checked too"
        # and the foot: the teaser, the picks, the share links (their buttons need JS)
        assert page.locator(".opinion-teaser").count() == 1
        assert page.locator(".picks .card").count() == 2
        assert page.get_by_role("link", name="Share on Telegram").count() == 1
        assert page.get_by_role("button", name="Copy link").count() == 0
        page.goto(pages["home"])
        page.get_by_label("Search articles").first.fill("river port")
        page.get_by_label("Search articles").first.press("Enter")
        page.wait_for_load_state()
        assert "/search/?q=river+port" in page.url
        assert "results for" in page.locator("main").inner_text()
        browser.close()


def test_reader_form_shows_errors_beside_fields_and_submits_without_javascript(pages):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium(playwright)
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(pages["form"])
        page.locator("main").get_by_label("Name").fill("Oksana")
        page.locator("main").get_by_label("Email").fill("not an address")
        page.get_by_role("button", name="Send pitch").click()
        page.wait_for_load_state()

        email = page.locator("main").get_by_label("Email")
        assert email.get_attribute("aria-invalid") == "true"
        described = email.get_attribute("aria-describedby").split()
        error = page.locator(f"#{described[-1]}")
        assert "valid email" in error.inner_text()
        # The error sits with its field, between the label and the input.
        assert page.locator(".field--invalid").filter(has=page.get_by_label("Email")).count() == 1
        assert page.get_by_role("alert").count() == 1
        assert page.locator("main").get_by_label("Name").input_value() == "Oksana"

        # Over the message's limit (10,000 characters by default): the reason beside the
        # field, the whole text still in it.
        email.fill("oksana@example.org")
        too_long = "The river port after the storm. " * 320
        page.locator("main").get_by_label("Message").fill(too_long)
        page.get_by_role("button", name="Send pitch").click()
        page.wait_for_load_state()
        message = page.locator("main").get_by_label("Message")
        assert message.get_attribute("aria-invalid") == "true"
        error = page.locator(f"#{message.get_attribute('aria-describedby').split()[0]}")
        assert "10,000 characters or fewer" in error.inner_text()
        assert message.input_value() == too_long

        page.locator("main").get_by_label("Message").fill("A piece on the river port.")
        page.get_by_role("button", name="Send pitch").click()
        page.wait_for_load_state()
        assert "Thank you" in page.locator("main").inner_text()
        browser.close()


def test_reading_pages_reflow_at_200_percent_zoom_and_pass_axe_in_dark_mode(pages):
    """1280 px at 200 % zoom is a 640 px viewport: nothing may scroll sideways. In dark
    mode (prefers-color-scheme) the colours must still pass axe-core's contrast rules."""
    from playwright.sync_api import sync_playwright

    overflowing, problems = {}, {}
    with sync_playwright() as playwright:
        browser = chromium(playwright)
        zoomed = browser.new_page(viewport={"width": 640, "height": 450})
        dark = browser.new_page(viewport=WIDTHS[1280], color_scheme="dark", reduced_motion="reduce")
        for name, url in pages.items():
            zoomed.goto(url)
            overflow = zoomed.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                overflowing[name] = overflow
            violations = axe_violations(dark, url)
            if violations:
                problems[name] = violations
        browser.close()
    assert not overflowing, f"pages scroll sideways at 200 % zoom: {overflowing}"
    assert not problems, "axe-core in dark mode found:\n" + json.dumps(problems, indent=2)


CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_reading_pages_run_under_the_content_security_policy(pages):
    """Every page is served with the strict reader CSP (no inline script, no nonce) and,
    with JavaScript on, nothing on it is blocked: no securitypolicyviolation event and
    no CSP error in the console (issue #12, finding 7)."""
    from playwright.sync_api import sync_playwright

    violations = {}
    with sync_playwright() as playwright:
        browser = chromium(playwright)
        page = browser.new_page(viewport=WIDTHS[1280])
        page.add_init_script(CSP_LISTENER)
        console = []
        page.on(
            "console",
            lambda message: (
                console.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        for name, url in pages.items():
            response = page.goto(url)
            policy = response.header_value("content-security-policy") or ""
            assert "script-src 'self';" in policy and "unsafe-inline" not in policy, name
            page.wait_for_load_state("load")
            found = page.evaluate("window.__cspViolations") + console
            console.clear()
            if found:
                violations[name] = found
        browser.close()
    assert not violations, f"CSP violations: {json.dumps(violations, indent=2)}"
