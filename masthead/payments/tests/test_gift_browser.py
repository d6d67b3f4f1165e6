"""A gift in Chromium: bought on the gift page, paid on the fake Stripe, its email
received by a real SMTP server on loopback, redeemed by the recipient."""

import re
import time

from django.urls import reverse

from masthead.core.tests.reader_checks import CHROMIUM, CHROMIUM_ARGS, browser_test_marks
from masthead.members.models import Membership
from masthead.members.tests.factories import TierFactory
from masthead.newsletters.tests.smtp import SMTPServer
from masthead.pages.tests.factories import build_newsroom

pytestmark = browser_test_marks()


def wait_for_mail(server, to, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for rcpt, message in list(server.recorder.messages):
            if rcpt == to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to}: {server.recorder.recipients()}")


def test_buy_a_gift_receive_it_by_email_and_redeem_it(live_server, fake_stripe, settings):
    from playwright.sync_api import expect, sync_playwright

    settings.SITE_URL = live_server.url
    settings.CSP_FORM_ACTION = [*settings.CSP_FORM_ACTION, fake_stripe.url]
    fake_stripe.webhook_url = live_server.url + reverse("payments:webhook")
    build_newsroom(sections=1, articles_per_section=2, authors=1)
    TierFactory(name="Supporter", prices=[("eur", "month", 500), ("eur", "year", 4800)])
    with SMTPServer() as smtp:
        for name, value in smtp.settings().items():
            setattr(settings, name, value)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(live_server.url + reverse("members:membership"))
            page.get_by_role("link", name="Gift membership").first.click()
            expect(page.locator("h1")).to_have_text("Gift a membership")
            page.get_by_label("Supporter").check()
            page.get_by_label("12 months").check()
            page.get_by_label("Their name").fill("Olena")
            page.get_by_label("Their email").fill("olena@example.org")
            page.get_by_label("Your message").fill("Happy birthday, from Taras")
            page.get_by_label("Your name").fill("Taras")
            page.get_by_label("Your email").fill("taras@example.org")
            page.get_by_role("button", name="Continue to payment").click()
            # on the fake Stripe's hosted page
            page.get_by_label("Email").fill("taras@example.org")
            page.get_by_role("button", name="Pay").click()
            expect(page.locator("h1")).to_have_text("Thank you for your gift")

            receipt = wait_for_mail(smtp, "taras@example.org")
            assert receipt["Subject"] == "Your gift membership"
            delivery = wait_for_mail(smtp, "olena@example.org")
            assert delivery["Subject"] == "Taras gave you a membership"
            body = delivery.get_content()
            assert "Happy birthday, from Taras" in body
            link = re.search(r"http://\S+/membership/gift/redeem/\S+/", body).group(0)

            recipient = browser.new_context().new_page()
            recipient.goto(link)
            expect(recipient.locator("main")).to_contain_text("12 months of Supporter membership")
            expect(recipient.get_by_label("Your email")).to_have_value("olena@example.org")
            recipient.get_by_role("button", name="Redeem the gift").click()
            expect(recipient.locator("h1")).to_have_text("Welcome, member")
            recipient.get_by_role("link", name="Your account").last.click()
            expect(recipient.locator("main")).to_contain_text("Supporter")
            expect(recipient.locator("main")).to_contain_text("Active")
            browser.close()
        assert wait_for_mail(smtp, "taras@example.org") is not None
        redeemed = [
            m for r, m in smtp.recorder.messages if m["Subject"] == "Your gift was redeemed"
        ]
        assert len(redeemed) == 1
    membership = Membership.objects.get(user__email="olena@example.org")
    assert membership.source == Membership.Source.GIFT and membership.is_entitled
