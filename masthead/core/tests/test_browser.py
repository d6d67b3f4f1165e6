"""A reader in a real browser: Debian's Chromium driven by Playwright against the live
server. Screenshots go to screenshots/ (ignored by git); test_reader_gate.py runs axe-core.

Run only these with `pytest -m browser`; CI installs /usr/bin/chromium.
"""

import contextlib
from pathlib import Path

import pytest

from masthead.core.tests.reader_checks import CHROMIUM, CHROMIUM_ARGS, browser_test_marks
from masthead.pages.tests.factories import build_newsroom

SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 412, "height": 915}

pytestmark = browser_test_marks()


@contextlib.contextmanager
def chromium():
    """Start Chromium after the test data exists: Django refuses database calls from
    the thread while Playwright's event loop runs in it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def lead_image_loaded(page, selector):
    return page.eval_on_selector(selector, "img => img.complete && img.naturalWidth > 0")


@pytest.fixture
def site(live_server):
    newsroom = build_newsroom()
    newsroom.base = live_server.url
    return newsroom


def test_reader_goes_from_home_to_an_article_to_its_author(site):
    from playwright.sync_api import expect

    with chromium() as browser:
        context = browser.new_context(
            viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"]
        )
        page = context.new_page()
        page.goto(site.base + "/")
        assert page.title().startswith("The Meridian Ledger")
        screenshot(page, "home-1280")

        lead = page.locator(".front-top__lead a.card__link")
        headline = lead.inner_text()
        lead.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == headline
        assert lead_image_loaded(page, "main figure img"), "lead photo did not load from /media/"
        assert "min read" in page.locator("main").inner_text()
        screenshot(page, "article-1280")

        # share.js shows "Copy link" (the live server is a secure context: localhost),
        # which copies the address with the share campaign's parameters and says so;
        # the system share sheet only where the browser has one.
        page.get_by_role("button", name="Copy link").click()
        expect(page.locator(".share [role=status]")).to_have_text("Link copied")
        path = page.url.removeprefix(site.base)
        assert page.evaluate("navigator.clipboard.readText()").endswith(
            f"{path}?utm_source=copy_link&utm_medium=social&utm_campaign=share"
        )
        has_share = page.evaluate("typeof navigator.share === 'function'")
        assert page.locator("[data-share-native]").is_visible() == has_share

        author_link = page.locator(".article__byline a").first
        author = author_link.inner_text()
        author_link.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == author
        assert "/authors/" in page.url
        screenshot(page, "author-1280")

        page.get_by_role("link", name="Skip to content").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"


def test_pages_fit_a_phone_screen(site):
    article = site.articles[-1]
    pages = {
        "home": "/",
        "section": site.sections[0].url,
        "article": article.url,
        "author": site.authors[0].url,
        "team": site.team.url,
    }
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        for name, path in pages.items():
            response = page.goto(site.base + path)
            assert response.status == 200, path
            screenshot(page, f"{name}-412")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 412px"


# axe-core on every reading page at both widths: test_reader_gate.py.
