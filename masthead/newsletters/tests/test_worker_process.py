"""The crash promises, against real processes: a worker (manage.py newsletter_worker)
sends to a real SMTP server on loopback and is killed mid-send.

- SIGKILL, then a restart: nobody missed; a duplicate only for the messages that were
  in flight (the one unrecorded chunk of each lane), and the send's record says which
  (`maybe_duplicate`).
- SIGTERM (a graceful stop), then a restart: nobody missed, nobody mailed twice.

The worker is a separate process, so it must see the test's rows: PostgreSQL only (the
SQLite test database lives in this process's memory).
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from masthead.newsletters.models import Delivery, Issue, Subscriber, Subscription

from .factories import NewsletterFactory
from .smtp import SMTPServer

ROOT = Path(__file__).resolve().parents[3]
RECIPIENTS = 300

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker process needs a shared database"
    ),
]


def start_worker(server, *args):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TEST_EMAIL_URL": server.url,
    }
    command = [sys.executable, "manage.py", "newsletter_worker", "--until-idle", "--poll", "0.1"]
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [*command, "--batch-size", "25", "--threads", "1", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def issue():
    newsletter = NewsletterFactory(slug="morning")
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"r{n:04d}@example.net") for n in range(RECIPIENTS)
    )
    Subscription.objects.bulk_create(
        Subscription(subscriber=s, newsletter=newsletter, status="confirmed") for s in subscribers
    )
    # What start_send_task does in the web process; here the worker does the rest.
    return Issue.objects.create(
        newsletter=newsletter, subject="Morning", status="sending", started_at=timezone.now()
    )


def finish(server, issue, *args):
    restarted = start_worker(server, *args)
    out, err = restarted.communicate(timeout=180)
    assert restarted.returncode == 0, err.decode()[-2000:]
    issue.refresh_from_db()
    assert issue.status == "sent"
    return Counter(server.recorder.recipients())


def test_sigkill_mid_send_then_restart_misses_nobody(issue):
    with SMTPServer() as server:
        server.recorder.delay = 0.004
        worker = start_worker(server)
        wait_for(lambda: len(server.recorder.recipients()) >= 80)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        at_kill = len(server.recorder.recipients())
        assert at_kill < RECIPIENTS
        received = finish(server, issue, "--claim-timeout", "1")

    expected = {f"r{n:04d}@example.net" for n in range(RECIPIENTS)}
    assert set(received) == expected  # zero missed
    twice = {address for address, count in received.items() if count > 1}
    assert max(received.values()) <= 2
    flagged = set(
        Delivery.objects.filter(issue=issue, maybe_duplicate=True).values_list("email", flat=True)
    )
    assert twice <= flagged  # every duplicate is on the record
    assert len(flagged) <= 25  # one lane: one chunk was in flight
    assert Delivery.objects.filter(issue=issue, status="sent").count() == RECIPIENTS


def test_graceful_stop_then_restart_sends_no_duplicate(issue):
    with SMTPServer() as server:
        server.recorder.delay = 0.004
        worker = start_worker(server)
        wait_for(lambda: len(server.recorder.recipients()) >= 80)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
        assert len(server.recorder.recipients()) < RECIPIENTS
        assert not Delivery.objects.filter(issue=issue, status="sending").exists()
        received = finish(server, issue)

    assert set(received) == {f"r{n:04d}@example.net" for n in range(RECIPIENTS)}
    assert max(received.values()) == 1
    assert not Delivery.objects.filter(issue=issue, maybe_duplicate=True).exists()
