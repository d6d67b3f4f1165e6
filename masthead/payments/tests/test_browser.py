"""A reader's whole way in, in Chromium: "Become a member", checkout on the fake Stripe,
the webhook, signing in by emailed link, the account page, a member-only article."""

import re

from django.core import mail
from django.urls import reverse
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticlePageFactory
from masthead.core.tests.reader_checks import CHROMIUM, CHROMIUM_ARGS, browser_test_marks
from masthead.members.tests.factories import TierFactory
from masthead.pages.tests.factories import build_newsroom

pytestmark = browser_test_marks()


def test_become_a_member_pay_sign_in_and_read(live_server, fake_stripe, settings):
    from playwright.sync_api import expect, sync_playwright

    settings.SITE_URL = live_server.url
    # The join form redirects on to the (fake) hosted checkout: the CSP lets forms go there.
    settings.CSP_FORM_ACTION = [*settings.CSP_FORM_ACTION, fake_stripe.url]
    fake_stripe.webhook_url = live_server.url + reverse("payments:webhook")
    newsroom = build_newsroom(sections=1, articles_per_section=2, authors=1)
    TierFactory(name="Supporter", prices=[("eur", "month", 900)])
    article = ArticlePageFactory(
        parent=newsroom.sections[0],
        publish=True,
        access=ArticlePage.Access.MEMBERS,
        authors=[newsroom.authors[0]],
        body=[
            ("paragraph", RichText(f"<p>Part {word} of the story.</p>"))
            for word in ("one", "two", "three", "four")
        ],
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(live_server.url + article.url)
        expect(page.locator(".article__gated")).to_contain_text("This article is for members")
        page.get_by_role("link", name="Become a member").first.click()
        page.get_by_role("button", name=re.compile("Join Supporter")).click()
        # on the fake Stripe's hosted page
        page.get_by_label("Email").fill("new.member@example.org")
        page.get_by_role("button", name="Pay").click()
        expect(page.locator("h1")).to_have_text(re.compile("Welcome, member|Payment received"))
        page.reload()
        expect(page.locator("h1")).to_have_text("Welcome, member")

        page.get_by_role("link", name="Sign in").last.click()
        page.get_by_label("Email address").fill("new.member@example.org")
        page.get_by_role("button", name="Email me a sign-in link").click()
        expect(page.locator("h1")).to_have_text("Check your email")
        link = re.search(r"http://\S+/account/sign-in/link/\?\S+", mail.outbox[-1].body).group(0)
        page.goto(link)
        page.get_by_role("button", name="Sign in now").click()
        expect(page.locator("h1")).to_have_text("Your account")
        expect(page.locator("main")).to_contain_text("Supporter")
        expect(page.locator("main")).to_contain_text("Active")

        page.goto(live_server.url + article.url)
        expect(page.locator(".article__gated")).to_contain_text("Part four of the story")
        expect(page.locator(".site-header")).to_contain_text("Your account")
        browser.close()
