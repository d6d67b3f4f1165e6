"""Per-reader parts in a real browser (Chromium): reader.js fills the account place for a
signed-in reader and gives forms in cached pages their token; without JavaScript the
same form is accepted by its origin (core/csrf.py)."""

from django.conf import settings
from django.test import Client

from masthead.core.staff import READER_COOKIE
from masthead.core.tests.reader_checks import browser_test_marks
from masthead.core.tests.test_browser import DESKTOP, chromium, site  # noqa: F401 - fixture
from masthead.users.tests.factories import UserFactory

pytestmark = browser_test_marks()


def session_cookies(base):
    """A signed-in reader's cookies: the session and the marker a sign-in sets."""
    client = Client()
    client.force_login(UserFactory(email="member@example.org"))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base},
        {"name": READER_COOKIE, "value": "1", "url": base},
    ]


def fill_form(page):
    page.fill("#id_name", "Ada Reader")
    page.fill("#id_email", "ada@example.org")
    page.fill("#id_message", "Bridges need budgets.")
    page.click(".form__actions button")
    page.wait_for_load_state()


def test_a_signed_in_reader_sees_their_part_and_posts_a_form(site):  # noqa: F811
    cookies = session_cookies(site.base)
    article, form = site.articles[1].url, site.form.url  # outside Playwright's event loop
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(site.base + article)
        account = page.locator('[data-reader-part="account"]')
        account.get_by_text("Signed in as member@example.org").wait_for()

        page.goto(site.base + form)
        token = page.locator('form[data-reader-csrf] input[name="csrfmiddlewaretoken"]')
        token.wait_for(state="attached")
        assert len(token.get_attribute("value")) >= 32
        fill_form(page)
        assert "Thank you" in page.inner_text("main")


def test_without_javascript_the_form_is_accepted_by_its_origin(site):  # noqa: F811
    form = site.form.url  # outside Playwright's event loop
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
        page = context.new_page()
        page.goto(site.base + form)
        assert page.locator('input[name="csrfmiddlewaretoken"]').count() == 0
        assert page.locator('[data-reader-part="account"] a').inner_text() == "Sign in"
        fill_form(page)
        assert "Thank you" in page.inner_text("main")
