"""What comes back from the provider and the readers' mail: bounce and complaint
webhooks with their signatures checked (Mailgun's HMAC, through anymail's own view), the
mailto unsubscribe (an inbound webhook, or a Maildir read by a command), and anymail's
batch API for sends (one call per chunk with per-recipient merge data and headers)."""

import hashlib
import hmac
import json
import mailbox
import re
import time
from email.message import EmailMessage

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from masthead.newsletters import emails, sending
from masthead.newsletters.models import Delivery, Issue, Subscription, Suppression

from .factories import NewsletterFactory, SubscriberFactory, subscribe

pytestmark = pytest.mark.django_db

KEY = "mailgun-signing-key-for-tests"


@pytest.fixture
def mailgun(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": KEY, "MAILGUN_API_KEY": "k"}


def signature(key=KEY):
    timestamp, token = str(int(time.time())), "a" * 50
    digest = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": digest}


def mailgun_event(event, recipient, severity="permanent", key=KEY):
    return json.dumps(
        {
            "signature": signature(key),
            "event-data": {
                "event": event,
                "severity": severity,
                "recipient": recipient,
                "timestamp": time.time(),
                "id": "evt-1",
                "message": {"headers": {"message-id": "nl.1.1@example.org"}},
                "delivery-status": {"code": 550, "description": "No such mailbox"},
            },
        }
    )


def post(body):
    return Client().post(
        "/newsletters/provider/mailgun/tracking/", body, content_type="application/json"
    )


def test_signed_bounce_and_complaint_webhooks_suppress_a_forged_one_changes_nothing(mailgun):
    newsletter = NewsletterFactory()
    subscribe(SubscriberFactory(email="c@example.net"), newsletter)
    forged = post(mailgun_event("failed", "f@example.net", key="not-the-key"))
    assert forged.status_code == 400 and not Suppression.objects.exists()

    assert post(mailgun_event("failed", "b@example.net")).status_code == 200
    assert Suppression.objects.get(email="b@example.net").reason == "hard_bounce"
    assert post(mailgun_event("failed", "t@example.net", severity="temporary")).status_code == 200
    assert not Suppression.objects.filter(email="t@example.net").exists()  # a soft bounce
    assert post(mailgun_event("complained", "c@example.net")).status_code == 200
    assert Suppression.objects.get(email="c@example.net").reason == "complaint"
    assert Subscription.objects.get().status == "unsubscribed"


def unsubscribe_subject(subscriber, newsletter):
    headers, _ = emails.list_headers(subscriber.pk, newsletter)
    mailto = re.search(r"<mailto:[^?]+\?subject=([^>]+)>", headers["List-Unsubscribe"]).group(1)
    from urllib.parse import unquote

    return unquote(mailto)


def test_mailto_unsubscribe_through_the_providers_signed_inbound_webhook(mailgun):
    newsletter, other = NewsletterFactory(), NewsletterFactory()
    reader = SubscriberFactory(email="r@example.net")
    subscribe(reader, newsletter)
    subscribe(reader, other)
    message = EmailMessage()
    message["From"], message["To"] = "r@example.net", "unsubscribe@example.org"
    message["Subject"] = unsubscribe_subject(reader, newsletter)
    data = {
        "sender": "r@example.net",
        "recipient": "unsubscribe@example.org",
        "body-mime": message.as_string(),
    }
    forged = Client().post("/newsletters/provider/mailgun/inbound/", {**data, **signature("wrong")})
    assert forged.status_code == 400
    assert set(Subscription.objects.values_list("status", flat=True)) == {"confirmed"}
    done = Client().post("/newsletters/provider/mailgun/inbound/", {**data, **signature()})
    assert done.status_code == 200
    statuses = dict(Subscription.objects.values_list("newsletter_id", "status"))
    assert statuses == {newsletter.pk: "unsubscribed", other.pk: "confirmed"}


def test_mailto_unsubscribe_from_a_maildir(tmp_path):
    newsletter = NewsletterFactory()
    reader = SubscriberFactory(email="r@example.net")
    subscribe(reader, newsletter)
    box = mailbox.Maildir(tmp_path / "unsubscribe", create=True)
    for subject in (unsubscribe_subject(reader, newsletter), "unsubscribe 12.3:forged", "hello"):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "r@example.net", "u@x", subject
        box.add(message)
    call_command("process_unsubscribe_mail", maildir=str(tmp_path / "unsubscribe"))
    assert Subscription.objects.get().status == "unsubscribed"
    assert len(mailbox.Maildir(tmp_path / "unsubscribe")) == 0  # read once, removed


def test_anymail_batch_api_one_call_per_chunk_with_merge_data(settings, newsroom):
    settings.NEWSLETTER_EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.NEWSLETTER_ANYMAIL_MERGE_FIELD = "{{%s}}"
    settings.NEWSLETTER_ANYMAIL_ESP_EXTRA = {"message_stream": "newsletters"}
    settings.NEWSLETTER_BATCH_SIZE = 4
    newsletter = NewsletterFactory(slug="morning")
    for n in range(6):
        subscribe(SubscriberFactory(email=f"r{n}@example.net"), newsletter)
    issue = Issue.objects.create(newsletter=newsletter, subject="Batch", intro="<p>Hi.</p>")
    assert sending.do_start_send(issue.pk)
    issue.refresh_from_db()
    assert issue.status == "sent"
    assert len(mail.outbox) == 2  # 6 recipients in chunks of 4: two API calls
    first = mail.outbox[0]
    params = first.anymail_test_params
    assert len(params["to"]) == 4
    assert "{{unsubscribe_url}}" in first.body and "{{manage_url}}" in first.body
    for address in params["to"]:
        email = address.addr_spec
        links = params["merge_data"][email]
        assert "/newsletters/unsubscribe/" in links["unsubscribe_url"]
        header = params["merge_headers"][email]["List-Unsubscribe"]
        assert links["unsubscribe_url"] in header and "mailto:" in header
        row = Delivery.objects.get(issue=issue, email=email)
        assert params["merge_metadata"][email]["delivery"] == str(row.pk)
        assert row.status == "sent" and row.message_id
    assert params["message_stream"] == "newsletters"  # esp_extra, merged by the backend
    assert first.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
