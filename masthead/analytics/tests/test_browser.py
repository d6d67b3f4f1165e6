"""A reader in Chromium reads an article to the end; after a flush an editor sees the
view, the reader and the read-through on the analytics dashboard."""

import time

from django.conf import settings
from django.test import Client

from masthead.analytics import buffer, services
from masthead.analytics.models import ArticleHour, PageHour
from masthead.core.staff import STAFF_COOKIE
from masthead.core.tests.reader_checks import browser_test_marks
from masthead.core.tests.test_browser import DESKTOP, chromium
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

from .conftest import BROWSER
from .factories import newsroom

pytestmark = browser_test_marks()


def wait_for_hits(kinds, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [h.kind for s in buffer.current().segments(everything=True) for h in s.hits()]
        if all(found.count(kind) >= kinds.count(kind) for kind in kinds):
            return
        time.sleep(0.2)
    raise AssertionError(f"buffered {found}, expected {kinds}")


def editor_cookies(live_server):
    """An editor's session and staff marker, for a browser context that opens the
    dashboard after reading as an anonymous reader."""
    client = Client()
    client.force_login(StaffFactory(groups=[roles.EDITORS]))
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url},
        {"name": STAFF_COOKIE, "value": "1", "url": live_server.url},
    ]  # fmt: skip


def test_a_read_article_is_counted_on_the_dashboard(live_server):
    home, _section, _author, (story, other) = newsroom(articles=2)
    cookies = editor_cookies(live_server)
    story_url, other_url = story.url, other.url
    with chromium(user_agent=BROWSER) as browser:
        # Headless Chromium names itself in its user agent, and bots are not counted.
        context = browser.new_context(viewport=DESKTOP, user_agent=BROWSER)
        page = context.new_page()
        page.goto(f"{live_server.url}{story_url}?utm_campaign=spring-drive")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(300)
        source = page.evaluate("sessionStorage.getItem('mh_src')")
        assert f'"article":{story.pk}' in source and '"utm":"spring-drive"' in source
        assert not context.cookies()  # counting set no cookie
        # A form that arrives later (a per-reader part) gets the source in its mh_src field.
        filled = page.evaluate(
            """() => { const form = document.createElement("form");
            form.innerHTML = '<input type="hidden" name="mh_src">'; document.body.append(form);
            document.dispatchEvent(new Event("masthead:reader"));
            return form.elements.mh_src.value; }"""
        )
        assert filled == source
        page.close(run_before_unload=True)  # the reader closes the tab: the second beacon
        page = context.new_page()
        page.goto(live_server.url + other_url)
        wait_for_hits(["v", "e", "v"])
        context.close()
    services.do_flush(everything=True)
    row = ArticleHour.objects.get(article=story)
    assert (row.views, row.uniques, row.reads, row.timed) == (1, 1, 1, 1)
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(live_server.url + "/admin/analytics/?days=7")
        table = page.get_by_role("table", name="Top articles")
        read = table.get_by_role("row").filter(has_text=story.title)
        # views, readers, read to the end
        assert read.get_by_role("cell").all_inner_texts()[:3] == ["1", "1", "100%"]
        assert "spring-drive" in page.inner_text("main")


def test_a_read_through_is_counted_when_the_reader_clicks_on_to_another_page(live_server):
    """The second beacon, sent from `pagehide` while the browser navigates away, outlives
    its page: Chromium sends it from the browser process, with the browser's own user
    agent. (Headless Chromium's says HeadlessChrome, on the bot list: with only the
    context's user agent replaced, this beacon was dropped as a bot's.)"""
    home, _section, _author, (story, other) = newsroom(articles=2)
    cookies = editor_cookies(live_server)
    story_url, other_url = story.url, other.url
    with chromium(user_agent=BROWSER) as browser:
        context = browser.new_context(viewport=DESKTOP, user_agent=BROWSER)
        page = context.new_page()
        page.goto(live_server.url + "/")  # the home page is counted too
        wait_for_hits(["p"])
        page.locator(f'a[href="{story_url}"]').first.click()
        page.wait_for_url(live_server.url + story_url)
        wait_for_hits(["p", "v"])
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(300)
        # The article links on to the other story: the reader clicks it, leaving the page
        # (not closing it).
        page.locator(f'a[href="{other_url}"]').first.click()
        page.wait_for_url(live_server.url + other_url)
        wait_for_hits(["p", "v", "e", "v"])
        context.close()
    services.do_flush(everything=True)
    row = ArticleHour.objects.get(article=story)
    assert (row.views, row.reads, row.timed) == (1, 1, 1)
    assert PageHour.objects.get(page=home).views == 1
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(live_server.url + "/admin/analytics/?days=7")
        table = page.get_by_role("table", name="Top articles")
        read = table.get_by_role("row").filter(has_text=story.title)
        assert read.get_by_role("cell").all_inner_texts()[:3] == ["1", "1", "100%"]
        pages = page.get_by_role("table", name="Home, sections and other pages")
        front = pages.get_by_role("row").filter(has_text=home.title)
        assert front.get_by_role("cell").all_inner_texts() == ["1", "1"]
