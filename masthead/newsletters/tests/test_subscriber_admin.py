"""Subscribers in the admin: the list's filters, search and capped count, the streamed
CSV export (formula-safe), the CSV import (consent, dry run, progress, resumable and
idempotent) and the charts."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from masthead.newsletters import imports, subscriber_admin
from masthead.newsletters.models import (
    Subscriber,
    SubscriberImport,
    Subscription,
    Suppression,
    email_hash,
)

from .factories import NewsletterFactory, SubscriberFactory, subscribe

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/newsletters/subscriber/"


@pytest.fixture
def editor_client(django_user_model):
    client = Client()
    client.force_login(
        django_user_model.objects.create_superuser(email="ed@example.org", password="x")
    )
    return client


@pytest.fixture
def lists():
    morning, weekly = NewsletterFactory(slug="morning"), NewsletterFactory(slug="weekly")
    for n in range(6):
        subscribe(SubscriberFactory(email=f"m{n}@example.net"), morning)
    subscribe(SubscriberFactory(email="w0@example.org"), weekly)
    subscribe(SubscriberFactory(email="pending@example.org"), weekly, status="pending")
    return morning, weekly


def shown(response):
    return sorted(s.email for s in response.context["object_list"])


def test_list_searches_filters_and_caps_its_count(editor_client, lists, settings):
    morning, weekly = lists
    response = editor_client.get(LIST_URL, {"q": "EXAMPLE.ORG"})
    assert shown(response) == ["pending@example.org", "w0@example.org"]
    response = editor_client.get(LIST_URL, {"newsletter": weekly.pk, "status": "confirmed"})
    assert shown(response) == ["w0@example.org"]
    response = editor_client.get(LIST_URL, {"status": "pending"})
    assert shown(response) == ["pending@example.org"]
    response = editor_client.get(LIST_URL)
    assert response.status_code == 200
    assert "Import CSV" in response.text and "Export CSV" in response.text
    settings.NEWSLETTER_ADMIN_COUNT_CAP = 5
    paginator = subscriber_admin.CappedPaginator(Subscriber.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.count_capped) == (5, True)
    assert paginator.items_count_label == "more than 5 subscribers"
    assert len(paginator.page(3).object_list) == 1
    small = subscriber_admin.CappedPaginator(
        Subscriber.objects.filter(email__contains="w0").order_by("pk"), 2
    )
    assert (small.count, small.count_capped, small.items_count_label) == (1, False, "1 subscribers")


def test_export_streams_the_filtered_list_formula_safe(editor_client, lists):
    morning, _ = lists
    Subscriber.objects.filter(email="m0@example.net").update(name="=HYPERLINK(1)")
    response = editor_client.get(
        "/admin/newsletters/subscribers/export.csv", {"newsletter": morning.pk}
    )
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "email" and len(rows) == 7
    first = next(row for row in rows if row[0] == "m0@example.net")
    assert first[1] == "'=HYPERLINK(1)" and first[3] == "morning"


def test_export_and_import_need_their_permissions(django_user_model, lists):
    client = Client()
    client.force_login(
        django_user_model.objects.create_user(email="s@example.org", password="x", is_staff=True)
    )
    for url in (
        "/admin/newsletters/subscribers/export.csv",
        "/admin/newsletters/subscribers/import/",
        "/admin/newsletters/subscribers/charts/",
    ):
        assert client.get(url).status_code in (302, 403)


CSV = (
    "Email,Name\n"
    "new1@example.net,Ana\n"
    "M0@example.net,\n"  # already on the list
    "not an address,\n"
    "gone@example.net,\n"  # suppressed
    "left@example.net,\n"  # left the list
    "new1@example.net,Ana again\n"  # twice in the file
    "new2@example.net,Bo\n"
)


def upload(client, lists_, dry_run, consent=True):
    data = {
        "file": SimpleUploadedFile("readers.csv", CSV.encode(), content_type="text/csv"),
        "newsletters": [n.pk for n in lists_],
        "consent_note": "Book fair 2026 signup sheet",
    }
    if consent:
        data["consent"] = "on"
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/admin/newsletters/subscribers/import/", data)


def test_import_dry_run_then_for_real_with_consent_and_progress(editor_client, lists):
    morning, _ = lists
    Suppression.objects.create(email_hash=email_hash("gone@example.net"), reason="complaint")
    subscribe(SubscriberFactory(email="left@example.net"), morning, status="unsubscribed")
    before = Subscription.objects.count()

    refused = upload(editor_client, [morning], dry_run=False, consent=False)
    assert refused.status_code == 200 and not SubscriberImport.objects.exists()

    response = upload(editor_client, [morning], dry_run=True)
    job = SubscriberImport.objects.get()
    assert response.url.endswith(f"/import/{job.pk}/")
    job.refresh_from_db()
    assert (job.status, job.position, job.total_rows) == ("done", 7, 7)
    assert (job.subscribers_created, job.subscriptions_created) == (2, 2)
    assert (job.already_subscribed, job.skipped_invalid) == (1, 1)
    assert (job.skipped_suppressed, job.skipped_unsubscribed) == (1, 1)
    assert Subscription.objects.count() == before  # a dry run changes nothing
    page = editor_client.get(response.url)
    assert "dry run" in page.text and "Row 3: not an email address" in page.text

    upload(editor_client, [morning], dry_run=False)
    real = SubscriberImport.objects.exclude(pk=job.pk).get()
    assert real.status == "done" and real.data == ""  # the file is not kept
    new = Subscription.objects.get(subscriber__email="new1@example.net")
    assert new.status == "confirmed" and "Book fair 2026" in new.consent_source
    assert Subscriber.objects.get(email="new1@example.net").name == "Ana"
    assert Subscription.objects.get(subscriber__email="left@example.net").status == "unsubscribed"
    assert not Subscriber.objects.filter(email="gone@example.net").exists()
    assert Subscription.objects.count() == before + 2


def test_an_import_resumes_after_its_last_committed_chunk_and_runs_twice_safely(lists, monkeypatch):
    morning, _ = lists
    monkeypatch.setattr(imports, "CHUNK", 2)
    text = "email\n" + "".join(f"bulk{n}@example.net\n" for n in range(7))
    real_chunk, calls = imports.do_import_chunk, []

    def dies_on_the_third(*args):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit("killed")  # like SIGKILL: nothing marks the import failed
        real_chunk(*args)

    monkeypatch.setattr(imports, "do_import_chunk", dies_on_the_third)
    imports.do_create_import(  # the immediate task backend records the task's death
        text=text,
        filename="bulk.csv",
        newsletters=[morning],
        consent_note="Old list, opt-in",
        dry_run=False,
        user=None,
    )
    job = SubscriberImport.objects.get()
    assert (job.status, job.position, job.subscriptions_created) == ("running", 4, 4)
    monkeypatch.setattr(imports, "do_import_chunk", real_chunk)
    imports.run_import(job.pk)  # the task again, as a re-queued task would
    imports.run_import(job.pk)  # twice: nothing more
    job.refresh_from_db()
    assert (job.status, job.position, job.subscriptions_created) == ("done", 7, 7)
    assert Subscription.objects.filter(subscriber__email__startswith="bulk").count() == 7


def test_charts_count_subscribers_per_list_over_time_with_csv(editor_client, lists):
    morning, weekly = lists
    now = timezone.now()
    Subscription.objects.filter(newsletter=morning).update(confirmed_at=now)
    old = Subscription.objects.filter(newsletter=morning).first()
    Subscription.objects.filter(pk=old.pk).update(confirmed_at=now - timedelta(weeks=3))
    leaver = Subscription.objects.filter(newsletter=morning).last()
    Subscription.objects.filter(pk=leaver.pk).update(status="unsubscribed", unsubscribed_at=now)
    sizes, joined, left = subscriber_admin.subscriber_charts()
    by_name = {series.name: series.values for series in sizes.series}
    assert by_name[morning.name][-1] == 5  # six joined, one left
    assert by_name[morning.name][-5] == 0  # four weeks ago: none yet
    assert by_name[morning.name][-3] == 1  # the early one
    assert sum({s.name: s.values for s in joined.series}[morning.name]) == 6
    assert sum({s.name: s.values for s in left.series}[morning.name]) == 1
    response = editor_client.get("/admin/newsletters/subscribers/charts/")
    assert response.status_code == 200 and "<svg" in response.text and "<table" in response.text
    csv_response = editor_client.get("/admin/newsletters/subscribers/charts/", {"csv": "left"})
    assert csv_response["Content-Type"].startswith("text/csv")
