"""The Newsletters page and the signup widget in the page slots."""

import pytest
from django.test import Client

from masthead.newsletters.models import NewsletterIndexPage

from .factories import NewsletterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(newsroom):
    lists = [
        NewsletterFactory(name="Morning Ledger", slug="morning", sort_order=1),
        NewsletterFactory(name="Long Read", slug="long-read", sort_order=2),
        NewsletterFactory(name="Members' Letter", slug="members", access="members"),
        NewsletterFactory(name="Old Letter", slug="old", active=False),
    ]
    index = newsroom.home.add_child(
        instance=NewsletterIndexPage(title="Newsletters", slug="newsletters", introduction="Ours.")
    )
    return index, lists


def test_newsletters_page_lists_active_public_lists_each_with_a_form(page):
    index, _ = page
    html = Client().get(index.url).content.decode()
    assert "Morning Ledger" in html and "Long Read" in html
    assert "Members&#x27; Letter" not in html and "Old Letter" not in html
    assert html.count("data-newsletter-signup") == 3  # one per list, and the footer's
    assert html.count('action="/newsletters/subscribe/"') >= 2
    assert 'type="email"' in html and "indicates required" in html
    assert 'name="lists" value="morning"' in html  # one list: a hidden field
    assert html.count('name="email"') == 3  # unprefixed names: one view serves every form
    assert 'id="id_morning_email"' in html and 'id="id_long-read_email"' in html
    assert html.count("newsletters/signup.js") == 1  # the page's forms and the footer's
    assert "<script>" not in html  # no inline script


def test_widget_in_home_and_footer_slots_is_the_same_for_everyone(
    page, newsroom, django_user_model
):
    anonymous = Client().get("/").content.decode()
    assert 'id="id_home-newsletter_email"' in anonymous
    assert 'id="id_footer-newsletter_email"' in anonymous
    assert "data-reader-csrf" in anonymous
    assert "csrfmiddlewaretoken" not in anonymous.split("data-newsletter-signup")[1][:2000]
    reader = django_user_model.objects.create_user(email="r@example.net", password="x")
    signed_in = Client()
    signed_in.force_login(reader)
    html = signed_in.get("/").content.decode()

    def widget(page):
        start = page.index('<div class="newsletter-widget')
        return page[start : page.index("data-newsletter-status", start)]

    assert widget(html) == widget(anonymous)


def test_the_signup_script_is_loaded_once_however_many_widgets_a_page_holds(page):
    for attempt in ("uncached", "from the fragment cache"):
        html = Client().get("/").content.decode()
        assert 'id="id_home-newsletter_email"' in html, attempt
        assert 'id="id_footer-newsletter_email"' in html, attempt
        assert html.count("newsletters/signup.js") == 1, attempt
        # After the forms it enhances (it runs deferred, but reads them at once).
        assert html.index("newsletters/signup.js") > html.index('id="id_home-newsletter_email"')


def test_archive_of_a_list_without_issues(page):
    html = Client().get("/newsletters/morning/archive/").content.decode()
    assert "No issues yet." in html
    assert Client().get("/newsletters/members/archive/").status_code == 200
    assert Client().get("/newsletters/old/archive/").status_code == 404
