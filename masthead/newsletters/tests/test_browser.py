"""A reader in Chromium signs up on the Newsletters page, confirms from the email the
real SMTP server received, and unsubscribes with one click from the next email."""

import re

import pytest

from masthead.core.tests.reader_checks import browser_test_marks
from masthead.core.tests.test_browser import chromium
from masthead.newsletters.models import NewsletterIndexPage, Subscription
from masthead.pages.tests.factories import build_newsroom

from .factories import NewsletterFactory
from .smtp import SMTPServer

pytestmark = browser_test_marks()


@pytest.fixture
def site(live_server, settings):
    newsroom = build_newsroom()
    NewsletterFactory(name="Morning Ledger", slug="morning", sort_order=1)
    NewsletterFactory(name="Long Read", slug="long-read", sort_order=2)
    index = newsroom.home.add_child(
        instance=NewsletterIndexPage(title="Newsletters", slug="newsletters", introduction="Ours.")
    )
    with SMTPServer() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield live_server.url, index, server


def local(url, base):
    return re.sub(r"^https?://[^/]+", base, url)


def test_sign_up_confirm_and_unsubscribe_with_one_click(site):
    base, index, server = site
    index_url = index.url  # outside Playwright's event loop
    with chromium() as browser:
        page = browser.new_page()
        page.goto(base + index_url)
        form = page.locator("section.newsletter").first.locator("form")
        form.locator('input[type="email"]').fill("not an address")
        form.locator('button[type="submit"]').click()
        error = form.locator(".field__error")
        error.wait_for()
        assert "Please, enter correct email address" in error.inner_text()
        form.locator('input[type="email"]').fill("reader@example.net")
        form.locator('button[type="submit"]').click()
        status = form.locator("[data-newsletter-status]")
        page.wait_for_function(
            "el => el.textContent.length > 0", arg=status.element_handle(), timeout=15000
        )
        assert status.inner_text() == "We've sent you a confirmation email"

        ((rcpt, confirmation),) = server.recorder.messages
        assert rcpt == "reader@example.net"
        link = re.search(
            r"https?://\S+/newsletters/confirm/\S+/",
            confirmation.get_content()
            if not confirmation.is_multipart()
            else confirmation.get_body(("plain",)).get_content(),
        ).group(0)
        page.goto(local(link, base))
        page.get_by_role("button", name="Confirm my subscription").click()
        page.get_by_role("heading", name="You're subscribed").wait_for()

        # The welcome email carries the one-click header; a mail client POSTs to it.
        welcome = server.recorder.messages[-1][1]
        https = re.findall(r"<([^>]+)>", welcome["List-Unsubscribe"])[0]
        response = page.request.post(
            local(https, base),
            form={"List-Unsubscribe": "One-Click"},
        )
        assert response.status == 200
    assert Subscription.objects.get().status == "unsubscribed"


def test_a_group_error_stands_before_the_group_not_inside_a_label(site):
    """With JavaScript, an error on the newsletters' checkboxes goes where the server
    puts it: before the group, described by every checkbox (not inside the first label,
    where it pushed that checkbox aside on a phone)."""
    base, index, _server = site
    index_url = index.url
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 412, "height": 900})
        page.goto(base + index_url)
        form = page.locator('form:has(input[type="checkbox"][name="lists"])').first
        form.locator('input[type="email"]').fill("reader@example.net")
        boxes = form.locator('input[type="checkbox"][name="lists"]')
        for number in range(boxes.count()):
            boxes.nth(number).uncheck()
        form.locator('button[type="submit"]').click()
        error = form.locator("fieldset > .field__error")
        error.wait_for()
        assert form.locator("label .field__error").count() == 0
        error_id = error.get_attribute("id")
        for number in range(boxes.count()):
            assert boxes.nth(number).get_attribute("aria-describedby") == error_id
            assert boxes.nth(number).get_attribute("aria-invalid") == "true"
