"""A signed-in reader's newsletters on their account page, in "Download my data", and
what deleting the account does to their subscriptions."""

import json

import pytest
from django.test import Client

from masthead.newsletters.models import Subscriber, Subscription, Suppression, email_hash
from masthead.users import services as user_services

from .factories import NewsletterFactory, SubscriberFactory, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(email="Reader@Example.net", password="x")


@pytest.fixture
def lists():
    return NewsletterFactory(name="Morning Ledger"), NewsletterFactory(name="Long Read")


def test_account_page_shows_and_changes_the_readers_newsletters(reader, lists):
    morning, long_read = lists
    subscribe(SubscriberFactory(email="reader@example.net"), morning)  # signed up before
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    page = client.get("/account/")
    assert page.status_code == 200
    assert 'id="newsletters-heading"' in page.text
    assert f'value="{morning.pk}" id="account-list-{morning.pk}" checked' in page.text
    assert f'value="{long_read.pk}" id="account-list-{long_read.pk}">' in page.text

    token = client.cookies["csrftoken"].value
    saved = client.post(
        "/newsletters/account/", {"lists": [long_read.pk], "csrfmiddlewaretoken": token}
    )
    assert saved.status_code == 302 and saved["Location"] == "/account/?newsletters=saved"
    subscriber = Subscriber.objects.get()
    assert subscriber.user == reader
    statuses = dict(subscriber.subscriptions.values_list("newsletter__name", "status"))
    assert statuses == {"Morning Ledger": "unsubscribed", "Long Read": "confirmed"}
    assert "Your newsletter choices are saved." in client.get(saved["Location"]).text
    # Without the token, nothing changes.
    assert Client(enforce_csrf_checks=True).post("/newsletters/account/").status_code == 403


def test_a_reader_with_no_subscriber_row_gets_one_and_anonymous_readers_none(reader, lists):
    morning, _ = lists
    client = Client()
    assert client.post("/newsletters/account/", {"lists": [morning.pk]}).status_code == 302
    assert not Subscriber.objects.exists()  # sent to sign in
    client.force_login(reader)
    client.post("/newsletters/account/", {"lists": [morning.pk]})
    sub = Subscription.objects.get()
    assert (sub.subscriber.email, sub.status) == ("reader@example.net", "confirmed")


def test_download_my_data_and_deleting_the_account(reader, lists):
    morning, _ = lists
    subscriber = SubscriberFactory(email="reader@example.net", user=reader)
    subscribe(subscriber, morning)
    client = Client()
    client.force_login(reader)
    data = json.loads(b"".join(client.get("/account/data.json")))
    assert data["newsletters"]["subscriptions"][0]["newsletter"] == "Morning Ledger"

    user_services.do_delete_account(reader)
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    suppression = Suppression.objects.get(email_hash=email_hash("reader@example.net"))
    assert (suppression.email, suppression.reason) == ("", "deleted")


def test_members_only_lists_are_offered_to_members_on_their_account_page(reader, lists):
    """Public forms (cached, the same for everyone) offer public lists only; a member
    finds the members-only list on their account page and can join it there."""
    from masthead.members.tests.factories import make_member

    letter = NewsletterFactory(name="Members' Letter", slug="members-letter", access="members")
    client = Client()
    client.force_login(reader)
    assert "Members&#x27; Letter" not in client.get("/account/").text
    refused = client.post("/newsletters/account/", {"lists": [letter.pk]})
    assert (
        refused.status_code == 302 and not Subscription.objects.filter(newsletter=letter).exists()
    )

    make_member(reader, welcome=False)
    assert f'value="{letter.pk}"' in client.get("/account/").text
    client.post("/newsletters/account/", {"lists": [letter.pk]})
    assert Subscription.objects.get(newsletter=letter).status == "confirmed"
