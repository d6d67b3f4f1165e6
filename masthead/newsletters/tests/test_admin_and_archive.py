"""The send page in the admin, the public archive and its feed, provider events."""

import feedparser
import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.test import Client

from masthead.newsletters import sending
from masthead.newsletters.models import Issue, Subscription, Suppression

from .factories import NewsletterFactory, SubscriberFactory, subscribe
from .smtp import SMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield server


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(email="ed@example.org", password="x")


@pytest.fixture
def issue(newsroom):
    newsletter = NewsletterFactory(name="Morning Ledger", slug="morning")
    for n in range(3):
        subscribe(SubscriberFactory(email=f"a{n}@example.net"), newsletter)
    return Issue.objects.create(
        newsletter=newsletter,
        subject="Monday briefing",
        preheader="Before breakfast",
        intro="<p>Good morning.</p>",
        articles=[("article", newsroom.articles[0])],
    )


def test_editor_previews_tests_sends_and_looks_up_a_recipient(smtp, issue, editor):
    client = Client()
    client.force_login(editor)
    page = client.get(f"/admin/newsletters/issues/{issue.pk}/send/")
    assert page.status_code == 200 and "Send now" in page.content.decode()
    preview = client.get(f"/admin/newsletters/issues/{issue.pk}/preview/").content.decode()
    assert "Monday briefing" in preview and "style=" in preview
    assert (
        client.get(f"/admin/newsletters/issues/{issue.pk}/preview/?format=text").status_code == 200
    )

    client.post(f"/admin/newsletters/issues/{issue.pk}/do/test/")
    assert smtp.recorder.recipients() == ["ed@example.org"]
    client.post(f"/admin/newsletters/issues/{issue.pk}/do/send/")
    client.post(f"/admin/newsletters/issues/{issue.pk}/do/send/")  # pressed twice
    assert sorted(smtp.recorder.recipients()[1:]) == [f"a{n}@example.net" for n in range(3)]
    progress = client.get(f"/admin/newsletters/issues/{issue.pk}/progress.json").json()
    assert progress["status"] == "sent" and progress["sent"] == progress["total"] == 3
    lookup = client.get(f"/admin/newsletters/issues/{issue.pk}/send/?email=A1@example.net")
    assert "Message-ID" in lookup.content.decode()


def test_staff_without_permission_cannot_reach_the_send_page(issue, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(email="s@example.org", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    assert client.get(f"/admin/newsletters/issues/{issue.pk}/send/").status_code in (302, 403)
    assert client.post(f"/admin/newsletters/issues/{issue.pk}/do/send/").status_code in (302, 403)
    assert Issue.objects.get(pk=issue.pk).status == "draft"
    assert Client().get(f"/admin/newsletters/issues/{issue.pk}/preview/").status_code == 302


def test_scheduled_issue_starts_when_due(smtp, issue):
    from datetime import timedelta

    from django.utils import timezone

    sending.do_schedule(issue.pk, timezone.now() + timedelta(hours=1))
    assert sending.start_due() == 0
    assert sending.start_due(timezone.now() + timedelta(hours=2)) == 1
    assert Issue.objects.get(pk=issue.pk).status == "sent"


def test_sent_issues_have_an_archive_page_and_feed(smtp, issue):
    sending.do_start_send(issue.pk)
    draft = Issue.objects.create(newsletter=issue.newsletter, subject="Unsent draft")
    archive = Client().get("/newsletters/morning/archive/").content.decode()
    assert "Monday briefing" in archive and "Unsent draft" not in archive
    page = Client().get(f"/newsletters/morning/archive/{issue.pk}/")
    assert page.status_code == 200 and "Good morning." in page.content.decode()
    assert "%%" not in page.content.decode()
    assert Client().get(f"/newsletters/morning/archive/{draft.pk}/").status_code == 404
    feed = feedparser.parse(Client().get("/newsletters/morning/archive/feed.xml").content)
    assert [entry.title for entry in feed.entries] == ["Monday briefing"]


def test_provider_bounce_suppresses_and_complaint_unsubscribes_from_everything():
    one, two = NewsletterFactory(), NewsletterFactory()
    reader = SubscriberFactory(email="c@example.net")
    subscribe(reader, one)
    subscribe(reader, two)
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(event_type="complained", recipient="c@example.net"),
        esp_name="Postmark",
    )
    assert set(Subscription.objects.values_list("status", flat=True)) == {"unsubscribed"}
    assert Suppression.objects.get(email="c@example.net").reason == "complaint"
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(event_type="bounced", recipient="b@example.net"),
        esp_name="Postmark",
    )
    assert Suppression.objects.get(email="b@example.net").reason == "hard_bounce"
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(event_type="deferred", recipient="d@example.net"),
        esp_name="Postmark",
    )
    assert not Suppression.objects.filter(email="d@example.net").exists()


def test_a_running_campaign_meter_goes_out_with_the_issue_and_can_be_left_out(smtp, issue):
    """While a campaign runs, the issue ends with its goal meter (a table bar the mail
    clients draw, figures at sending, a join link); an editor can leave it out."""
    from masthead.members.tests.funding_factories import make_campaign

    make_campaign(message="Goal: 1,000 new members for our birthday", goal=1000, offset=667)
    sending.do_start_send(issue.pk)
    message = smtp.recorder.messages[0][1]
    html = next(part for part in message.walk() if part.get_content_type() == "text/html")
    html = html.get_payload(decode=True).decode()
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    text = text.get_payload(decode=True).decode()
    for body in (html, text):
        assert "Goal: 1,000 new members for our birthday" in body
        assert "667 of 1,000 (66%)" in body
        assert "http://testserver/membership/" in body or "/membership/" in body
    assert 'width="66%"' in html
    page = Client().get(f"/newsletters/morning/archive/{issue.pk}/")
    assert page.status_code == 200
    assert b"<progress" in page.content

    quiet = Issue.objects.create(
        newsletter=issue.newsletter, subject="No meter", show_campaign_meter=False
    )
    sending.do_start_send(quiet.pk)
    assert "birthday" not in smtp.recorder.messages[-1][1].as_string()
