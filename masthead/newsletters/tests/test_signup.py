"""Signup, double opt-in, preferences and unsubscribe, through the HTTP views."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from masthead.newsletters import tokens
from masthead.newsletters.models import Subscriber, Subscription, Suppression, email_hash

from .factories import NewsletterFactory, SubscriberFactory, subscribe

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
SENT = "We've sent you a confirmation email"


@pytest.fixture
def lists():
    return [
        NewsletterFactory(name="Morning Ledger", slug="morning", sort_order=1),
        NewsletterFactory(name="Long Read", slug="long-read", sort_order=2),
    ]


def signup(client, email="ana@example.net", lists=("morning",), **extra):
    data = {"email": email, "lists": list(lists), "name": "", "website": "", **extra}
    return client.post("/newsletters/subscribe/", data, **ORIGIN)


def confirm_link(message):
    return re.search(r"http://[^\s\"]+/newsletters/confirm/[^\s\"]+/", message.body).group(0)


def test_signup_sends_one_confirmation_and_confirming_needs_a_post(client, lists):
    response = signup(client, "Ana@Example.net", lists=("morning", "long-read"))
    assert response.status_code == 302
    assert response["Location"] == "/newsletters/check-your-email/"
    assert SENT in client.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ana@example.net"
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"pending"}
    (message,) = mail.outbox
    assert message.to == ["ana@example.net"]
    assert "Morning Ledger" in message.body and "Long Read" in message.body
    link = confirm_link(message).replace("http://127.0.0.1:8000", "")
    link = re.sub(r"^https?://[^/]+", "", link)

    # A link scanner's GET shows the button and confirms nothing.
    page = client.get(link)
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    assert not Subscription.objects.filter(status="confirmed").exists()

    done = Client(enforce_csrf_checks=True).post(link)
    assert done.status_code == 200
    assert "You're subscribed" in done.content.decode()
    assert "Successfully subscribed" in done.content.decode()
    assert Subscription.objects.filter(status="confirmed").count() == 2
    welcomes = mail.outbox[1:]
    assert sorted(m.subject for m in welcomes) == [
        "Welcome to Long Read",
        "Welcome to Morning Ledger",
    ]
    for welcome in welcomes:
        unsubscribe = welcome.extra_headers["List-Unsubscribe"]
        assert re.match(r"<https?://[^>]+/newsletters/unsubscribe/[^>]+/>, <mailto:", unsubscribe)
        assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/newsletters/preferences/" in welcome.body
        (html, _mime) = welcome.alternatives[0]
        assert 'style="' in html  # CSS inlined

    # Confirming again changes nothing and sends no second welcome.
    Client().post(link)
    assert len(mail.outbox) == 3


def test_same_answer_for_known_addresses_and_resends_are_capped(client, lists):
    confirmed = SubscriberFactory(email="known@example.net")
    subscribe(confirmed, lists[0])
    first = signup(client, "known@example.net")
    assert first.status_code == 302 and first["Location"] == "/newsletters/check-your-email/"
    assert mail.outbox == []  # already confirmed: nothing to confirm, and no hint of it

    with override_settings(NEWSLETTER_SIGNUP_EMAIL_LIMIT=100):
        answers = [signup(client, "pending@example.net") for _ in range(5)]
    assert {a.status_code for a in answers} == {302}
    assert len(mail.outbox) == 3  # NEWSLETTER_CONFIRM_RESEND_LIMIT


def test_bad_address_is_answered_beside_the_field_with_the_text_kept(client, lists):
    response = signup(client, "not-an-address")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please, enter correct email address" in html
    assert 'value="not-an-address"' in html
    assert 'aria-invalid="true"' in html
    assert not Subscriber.objects.exists()


def test_json_answers_for_the_script(client, lists):
    ok = client.post(
        "/newsletters/subscribe/",
        {"email": "js@example.net", "lists": ["morning"]},
        HTTP_ACCEPT="application/json",
        **ORIGIN,
    )
    assert ok.json() == {"ok": True, "message": SENT}
    bad = client.post(
        "/newsletters/subscribe/",
        {"email": "nope", "lists": ["morning"]},
        HTTP_ACCEPT="application/json",
        **ORIGIN,
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]["email"] == ["Please, enter correct email address"]


def test_honeypot_gets_the_same_answer_and_nothing_happens(client, lists):
    response = signup(client, website="http://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists() and mail.outbox == []


@override_settings(NEWSLETTER_SIGNUP_IP_LIMIT=2)
def test_rate_limit_per_ip_keeps_the_text(client, lists):
    signup(client, "a@example.net")
    signup(client, "b@example.net")
    third = signup(client, "c@example.net")
    assert third.status_code == 429
    assert 'value="c@example.net"' in third.content.decode()
    assert Subscriber.objects.count() == 2


@override_settings(NEWSLETTER_SIGNUP_EMAIL_LIMIT=1)
def test_rate_limit_per_address_answers_the_same(client, lists):
    signup(client, "a@example.net")
    again = signup(client, "a@example.net", lists=("long-read",))
    assert again.status_code == 302
    assert Subscription.objects.count() == 1


def test_signup_is_a_reader_form_cross_site_posts_are_refused():
    """core/csrf.reader_form: same-origin posts pass without a token, cross-site ones are
    refused, and a browser that says nothing gets the form back with a token."""
    NewsletterFactory(slug="morning")
    client = Client(enforce_csrf_checks=True)
    data = {"email": "x@example.net", "lists": ["morning"]}
    url = "/newsletters/subscribe/"
    assert client.post(url, data, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert client.post(url, data, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    unknown = client.post(url, data)
    assert unknown.status_code == 200 and not Subscription.objects.exists()
    assert 'name="csrfmiddlewaretoken"' in unknown.text and "x@example.net" in unknown.text
    assert client.post(url, data, HTTP_SEC_FETCH_SITE="same-origin").status_code == 302
    referer = client.post(url, data, HTTP_REFERER="http://testserver/newsletters/")
    assert referer.status_code == 302
    assert Subscription.objects.count() == 1
    assert client.get(url).status_code == 405


def test_inactive_and_members_only_lists_are_not_offered(client, lists):
    NewsletterFactory(slug="secret", access="members")
    NewsletterFactory(slug="old", active=False)
    response = signup(client, lists=("secret",))
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_expired_or_altered_confirmation_links_change_nothing(client, lists):
    subscriber = SubscriberFactory()
    subscribe(subscriber, lists[0], status="pending")
    token = tokens.make_confirm(subscriber.pk, [lists[0].pk])
    altered = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    response = client.post(f"/newsletters/confirm/{altered}/")
    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    with override_settings(NEWSLETTER_CONFIRM_MAX_AGE=-1):
        assert client.post(f"/newsletters/confirm/{token}/").status_code == 400
    assert Subscription.objects.get().status == "pending"


def test_one_click_unsubscribe_post_without_cookies(lists):
    subscriber = SubscriberFactory()
    keep = subscribe(subscriber, lists[1])
    sub = subscribe(subscriber, lists[0])
    token = tokens.make_unsubscribe(subscriber.pk, lists[0].pk)
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(f"/newsletters/unsubscribe/{token}/").status_code == 200
    sub.refresh_from_db()
    assert sub.status == "confirmed"  # a GET never unsubscribes

    forged = browser.post(f"/newsletters/unsubscribe/{subscriber.pk}.{lists[1].pk}:forged/")
    assert forged.status_code == 400
    keep.refresh_from_db()
    assert keep.status == "confirmed"

    response = browser.post(
        f"/newsletters/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "unsubscribed" in response.content.decode()
    sub.refresh_from_db()
    keep.refresh_from_db()
    assert (sub.status, keep.status) == ("unsubscribed", "confirmed")


def test_preference_page_changes_lists_and_leaves_all(lists):
    subscriber = SubscriberFactory()
    subscribe(subscriber, lists[0])
    url = f"/newsletters/preferences/{tokens.make_manage(subscriber.pk)}/"
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url).content.decode()
    assert "Morning Ledger" in page and "Long Read" in page
    browser.post(url, {"lists": [str(lists[1].pk)]})
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"morning": "unsubscribed", "long-read": "confirmed"}
    browser.post(url, {"leave_all": "1"})
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"unsubscribed"}
    assert Suppression.objects.get().reason == "unsubscribed_all"
    assert browser.get(url.replace("/preferences/", "/preferences/x")).status_code == 400


def test_a_new_signup_after_leaving_all_lifts_the_suppression(client, lists):
    subscriber = SubscriberFactory(email="back@example.net")
    subscribe(subscriber, lists[0], status="unsubscribed")
    Suppression.objects.create(
        email_hash=email_hash("back@example.net"),
        email="back@example.net",
        reason="unsubscribed_all",
    )
    signup(client, "back@example.net")
    Client().post(re.sub(r"^https?://[^/]+", "", confirm_link(mail.outbox[0])))
    assert Subscription.objects.get().status == "confirmed"
    assert not Suppression.objects.exists()


def test_confirming_records_the_signup_conversion_with_the_forms_source(client, lists):
    from masthead.core import attribution

    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    attribution.conversion.connect(receiver)
    try:
        source = '{"article": 42, "ref": "news.example", "utm": "spring"}'
        signup(client, lists=("morning", "long-read"), mh_src=source)
        assert seen == []  # nothing until the reader confirms
        link = re.sub(r"^https?://[^/]+", "", confirm_link(mail.outbox[0]))
        Client().post(link)
        Client().post(link)  # a second click records nothing more
    finally:
        attribution.conversion.disconnect(receiver)
    subs = {s.pk for s in Subscription.objects.all()}
    assert {c["ref"] for c in seen} == {f"subscription:{pk}" for pk in subs}
    assert len(seen) == 2
    for conversion in seen:
        assert conversion["kind"] == "signup"
        assert conversion["source"] == {"article": 42, "ref": "news.example", "utm": "spring"}


def test_the_signup_form_carries_the_attribution_field(lists):
    from django.template.loader import render_to_string

    from masthead.newsletters.forms import SignupForm

    html = render_to_string(
        "newsletters/_signup_form.html", {"form": SignupForm(newsletters=lists)}
    )
    assert 'name="mh_src"' in html
