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
def chromium(user_agent=None):
    """Start Chromium after the test data exists: Django refuses database calls from
    the thread while Playwright's event loop runs in it.

    `user_agent` replaces the browser's own (which names it HeadlessChrome) for every
    request. A context's `user_agent` does not suffice where that matters: Chromium sends
    a keepalive request that outlives its page (a beacon from `pagehide` on navigation)
    from the browser process, with the browser's user agent, not the page's override."""
    from playwright.sync_api import sync_playwright

    args = CHROMIUM_ARGS + ([f"--user-agent={user_agent}"] if user_agent else [])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
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


def test_every_header_link_shows_whole_on_a_412_px_phone(site):
    """The secondary links (About … Newsletters) and the sections wrap onto more lines
    instead of running off the screen in a sideways strip."""
    from masthead.core.models import NavigationSettings, SecondaryLink

    nav = NavigationSettings.for_site(site.site)
    labels = ["About", "Team", "Jobs", "Advertising", "Submit an Opinion", "Contacts"]
    nav.secondary_links = [
        SecondaryLink(label=label, page=site.team, sort_order=i) for i, label in enumerate(labels)
    ] + [
        SecondaryLink(label="Store", url="https://store.example.org", sort_order=6),
        SecondaryLink(label="Newsletters", page=site.form, sort_order=7),
    ]
    nav.save()
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        page.goto(site.base + "/")
        screenshot(page, "header-412")
        links = page.locator("header.site-header nav a")
        assert links.count() == len(labels) + 2 + len(site.sections)
        hidden = page.evaluate(
            """() => [...document.querySelectorAll("header.site-header nav a")].filter(a => {
                const box = a.getBoundingClientRect();
                const nav = a.closest("nav, ul");
                return box.width === 0 || box.left < 0 || box.right > innerWidth
                    || nav.scrollWidth > nav.clientWidth;
            }).map(a => a.textContent)"""
        )
        assert hidden == [], f"cut off or off-screen at 412 px: {hidden}"
        page.get_by_role("link", name="Newsletters").click()
        page.wait_for_load_state()
        assert page.url.endswith(site.form.url)
