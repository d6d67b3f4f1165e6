"""In Chromium: a member posts a comment, which is held (their first); they alone see it
"awaiting review"; a moderator approves it in the admin queue; it shows on the article.
Then the member replies to another reader and edits the reply, which shows "edited"."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from masthead.core.tests.reader_checks import CHROMIUM, CHROMIUM_ARGS, browser_test_marks
from masthead.pages.tests.factories import build_newsroom
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

from .factories import comment_settings, member, visible

pytestmark = browser_test_marks()


def session_cookies(user, live_url, *markers):
    """Playwright cookies of a signed-in session for `user` (and the reader or staff
    marker cookies the site sets at sign-in)."""
    client = Client()
    client.force_login(user)
    host = live_url.split("://", 1)[1].split(":")[0]
    cookies = [
        {
            "name": django_settings.SESSION_COOKIE_NAME,
            "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
            "domain": host,
            "path": "/",
        }
    ]
    cookies += [{"name": name, "value": "1", "domain": host, "path": "/"} for name in markers]
    return cookies


@pytest.fixture
def world(live_server):
    news = build_newsroom(sections=1, articles_per_section=2, authors=1)
    comment_settings(hold_first=1)
    article = news.articles[-1]
    other = member(display_name="Bo Lind")
    visible(article, other, body="Does anyone know when the ferry runs again?")
    return {
        "url": live_server.url,
        "article": live_server.url + article.url,
        "member": member(display_name="Ada Marsh"),
        "moderator": StaffFactory(groups=[roles.MODERATORS]),
    }


def test_member_posts_is_held_approved_then_replies_and_edits(world):
    from playwright.sync_api import expect, sync_playwright

    # Sessions made before Playwright runs its event loop (no database calls inside it).
    reader_cookies = session_cookies(world["member"], world["url"], "mh_reader")
    staff_cookies = session_cookies(world["moderator"], world["url"], "mh_staff")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            reader = browser.new_context()
            reader.add_cookies(reader_cookies)
            page = reader.new_page()
            page.goto(world["article"])
            compose = page.locator("[data-reader-part='comments']")
            expect(compose).to_contain_text("Commenting as Ada Marsh")
            compose.get_by_label("Your comment").fill("The ferry timetable is on the port's site.")
            compose.get_by_role("button", name="Post comment").click()
            expect(page.locator("main")).to_contain_text("awaiting review")
            page.goto(world["article"])
            expect(compose).to_contain_text("Awaiting review")
            expect(compose).to_contain_text("The ferry timetable")

            staff = browser.new_context()
            staff.add_cookies(staff_cookies)
            admin = staff.new_page()
            admin.goto(world["url"] + "/admin/comments/")
            row = admin.locator("[data-queue-row]").filter(has_text="The ferry timetable")
            expect(row).to_contain_text("New commenter")
            row.get_by_role("button", name="Approve").click()
            expect(admin.locator("body")).to_contain_text("Approve: 1 comment(s).")

            page.goto(world["article"])
            thread = page.locator("#comments .comments__list").first
            expect(thread).to_contain_text("The ferry timetable is on the port's site.")
            expect(compose).not_to_contain_text("Awaiting review")

            question = page.locator("article.comment").filter(has_text="Does anyone know")
            question.get_by_role("link", name="Reply").click()
            expect(page.locator("h1")).to_have_text("Reply to Bo Lind")
            page.get_by_label("Your comment").fill("Every two hours from 7 a.m.")
            page.get_by_role("button", name="Post reply").click()
            reply = page.locator("article.comment").filter(has_text="Every two hours")
            expect(reply).to_contain_text("in reply to Bo Lind")

            reply.get_by_role("link", name="Edit").click()
            page.get_by_label("Your comment").fill("Every two hours from 7 a.m., weekdays.")
            page.get_by_role("button", name="Save").click()
            reply = page.locator("article.comment").filter(has_text="weekdays")
            expect(reply).to_contain_text("edited")
        finally:
            browser.close()
