"""A reader in Chromium keeps the news feed page open; an editor posts an update; it
appears on the open page within seconds and the polite live region announces it."""

import threading
import time

import pytest

from masthead.core.tests.reader_checks import CHROMIUM, CHROMIUM_ARGS, browser_test_marks
from masthead.livefeed import live, services
from masthead.pages.tests.factories import make_home

from .factories import make_live_page, post

pytestmark = browser_test_marks()


@pytest.fixture
def feed_url(live_server):
    page = make_live_page(make_home())
    post("Morning briefing", minutes_ago=30)
    yield live_server.url + page.url
    live.thread_hub.stop()


def in_thread(function, *args, **kwargs):
    """Act as an editor would, away from Playwright's event loop (Django refuses database
    calls from a thread running one)."""
    from django.db import connection

    result = {}

    def run():
        try:
            result["value"] = function(*args, **kwargs)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return result.get("value")


def test_an_item_posted_while_the_page_is_open_appears_and_is_announced(feed_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(feed_url)
            page.wait_for_function("() => window.mastheadLiveFeed === true")
            time.sleep(0.5)  # the stream is open
            item = in_thread(post, "Ferry service resumes on the Arva", breaking=True)
            locator = page.locator(f"#item-{item.pk}")
            locator.wait_for(state="visible", timeout=5000)
            headlines = page.locator(".feed-item__headline a").all_inner_texts()
            assert headlines[0] == "Ferry service resumes on the Arva"
            page.wait_for_function(
                "() => document.querySelector('[data-live-announcer]').textContent.includes('Ferry service')",
                timeout=3000,
            )
            announced = page.locator("[data-live-announcer]").inner_text()
            assert announced == "Breaking news: Ferry service resumes on the Arva"
            assert page.locator("[data-live-announcer]").get_attribute("aria-live") == "polite"

            # A correction replaces the item in place; a deletion removes it.
            in_thread(services.do_update_item, item, headline="Ferry service resumes at 7 AM")
            page.wait_for_function(
                f"() => document.querySelector('#item-{item.pk} .feed-item__headline a')"
                ".textContent === 'Ferry service resumes at 7 AM'",
                timeout=5000,
            )
            assert "Updated" in locator.inner_text()
            in_thread(services.do_delete_item, item)
            locator.wait_for(state="detached", timeout=5000)
        finally:
            browser.close()
