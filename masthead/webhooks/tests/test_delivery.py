"""Deliveries: retries with growing backoff, abandonment, disabling and re-enabling an
endpoint, idempotent tasks, redirects refused, pruning the log."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from masthead.webhooks import services, signing
from masthead.webhooks.models import WebhookDelivery
from masthead.webhooks.tasks import deliver_webhook_task

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "narration"]}
}


def emit(capture, event="article.published", data=None):
    with capture(execute=True):
        services.emit(event, data or {"article": {"id": 1}})


def test_a_failure_schedules_retries_with_growing_backoff_then_abandons_and_disables(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    receiver.answer = 500
    emit(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    queued = DBTaskResult.objects.filter(task_path="masthead.webhooks.tasks.deliver_webhook_task")
    assert queued.count() == 1 and delivery.status == WebhookDelivery.Status.PENDING

    now = timezone.now()
    waits = []
    for attempt in range(1, services.max_attempts() + 1):
        with django_capture_on_commit_callbacks(execute=True):
            services.do_attempt_delivery(delivery.pk, now=now)
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        assert delivery.last_status_code == 500
        assert delivery.last_error == "The endpoint answered HTTP 500."
        assert len(delivery.last_response) <= services.EXCERPT_CHARS
        if delivery.next_attempt_at:
            waits.append((delivery.next_attempt_at - now).total_seconds())
            assert queued.order_by("-enqueued_at").first().run_after == delivery.next_attempt_at
            now = delivery.next_attempt_at
    assert waits == services.RETRY_SCHEDULE
    assert waits == sorted(waits) and 20 * 3600 < sum(waits) <= 24 * 3600
    assert delivery.status == WebhookDelivery.Status.ABANDONED
    assert queued.count() == services.max_attempts()  # the first send and each retry
    assert len(receiver.requests) == services.max_attempts()

    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at
    assert "abandoned after 10 attempts" in endpoint.disabled_reason
    assert endpoint.consecutive_failures == services.max_attempts()


def test_an_attempt_before_it_is_due_is_skipped(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answer = 503
    emit(django_capture_on_commit_callbacks)  # the first attempt runs at once
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.attempts == 1
    # A stray run of the task before next_attempt_at sends nothing.
    deliver_webhook_task.enqueue(delivery.pk)
    assert len(receiver.requests) == 1


def test_a_success_resets_the_failure_count(endpoint, receiver, django_capture_on_commit_callbacks):
    receiver.answer = 502
    emit(django_capture_on_commit_callbacks)
    emit(django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 2 and endpoint.active

    receiver.answer = 204
    first = WebhookDelivery.objects.order_by("pk").first()
    services.do_attempt_delivery(first.pk, now=first.next_attempt_at)
    first.refresh_from_db()
    endpoint.refresh_from_db()
    assert first.status == WebhookDelivery.Status.SUCCEEDED and first.attempts == 2
    assert first.delivered_at and first.last_error == ""
    assert endpoint.consecutive_failures == 0


def test_too_many_failures_in_a_row_disable_the_endpoint(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    receiver.answer = 500
    for _ in range(3):
        emit(django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert not endpoint.active
    assert endpoint.disabled_reason.startswith("3 attempts in a row failed.")

    # Its waiting retries are abandoned, not sent.
    delivery = WebhookDelivery.objects.order_by("pk").first()
    services.do_attempt_delivery(delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.ABANDONED
    assert len(receiver.requests) == 3

    services.do_enable(endpoint)
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.consecutive_failures == 0 and not endpoint.disabled_at


def test_running_the_task_twice_sends_once(endpoint, receiver, django_capture_on_commit_callbacks):
    emit(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    deliver_webhook_task.enqueue(delivery.pk)
    deliver_webhook_task.enqueue(delivery.pk)
    deliver_webhook_task.enqueue(10**9)  # pruned since: nothing to do
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED and delivery.attempts == 1


def test_a_delivery_being_sent_elsewhere_is_not_sent_again(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS  # queued, not run at once
    emit(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now())
    assert services.do_attempt_delivery(delivery.pk) is None
    assert receiver.requests == []
    # A claim left by a worker that died is taken over.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert services.do_attempt_delivery(delivery.pk).status == WebhookDelivery.Status.SUCCEEDED
    assert len(receiver.requests) == 1


def test_redirects_are_not_followed(endpoint, receiver, django_capture_on_commit_callbacks):
    receiver.redirect_to = receiver.url + "/elsewhere"
    emit(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 1
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.last_status_code == 302
    assert "Redirects are not followed" in delivery.last_error


def test_a_refused_connection_is_a_failure(endpoint, receiver, django_capture_on_commit_callbacks):
    receiver.server.server_close()  # nobody listens on the port any more
    emit(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.last_status_code is None and "request failed" in delivery.last_error


def test_non_http_urls_are_refused(db):
    from django.core.exceptions import ValidationError

    for url in ("ftp://example.org/hook", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(ValidationError):
            services.do_create_endpoint(url=url, events=["article.published"])


def test_a_ping_is_sent_once_signed_and_does_not_count_as_a_failure(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.do_send_ping(endpoint)
    assert receiver.events() == ["ping"]
    request = receiver.requests[0]
    assert signing.verify(
        endpoint.secret, request["headers"]["Masthead-Signature"], request["body"]
    )

    receiver.answer = 500
    with django_capture_on_commit_callbacks(execute=True):
        ping = services.do_send_ping(endpoint)
    ping.refresh_from_db()
    endpoint.refresh_from_db()
    assert ping.status == WebhookDelivery.Status.ABANDONED and ping.next_attempt_at is None
    assert endpoint.active and endpoint.consecutive_failures == 0


def test_a_rotated_secret_signs_the_next_attempt(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    old = endpoint.secret
    services.do_rotate_secret(endpoint)
    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")
    emit(django_capture_on_commit_callbacks)
    request = receiver.requests[0]
    header, body = request["headers"]["Masthead-Signature"], request["body"]
    assert signing.verify(endpoint.secret, header, body)
    assert not signing.verify(old, header, body)


def test_signatures_expire(db):
    body = b'{"id":"x"}'
    header = signing.signature_header("whsec_k", 1_000_000, body)
    assert signing.verify("whsec_k", header, body, now=1_000_100)
    assert not signing.verify("whsec_k", header, body, now=1_000_000 + 301)
    assert not signing.verify("whsec_k", "v1=abc", body)


def test_pruning_removes_only_deliveries_older_than_seven_days(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    for _ in range(3):
        emit(django_capture_on_commit_callbacks)
    old, edge, fresh = WebhookDelivery.objects.order_by("pk")
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=8))
    WebhookDelivery.objects.filter(pk=edge.pk).update(
        created_at=now - datetime.timedelta(days=6, hours=23)
    )

    call_command("prune_webhook_deliveries", verbosity=0)
    call_command("prune_webhook_deliveries", verbosity=0)  # idempotent

    assert set(WebhookDelivery.objects.values_list("pk", flat=True)) == {edge.pk, fresh.pk}


def test_emitting_queues_a_prune_at_most_once_an_hour(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    for _ in range(3):
        emit(django_capture_on_commit_callbacks)
    prunes = DBTaskResult.objects.filter(
        task_path="masthead.webhooks.tasks.prune_webhook_deliveries_task"
    )
    assert prunes.count() == 1


def test_deliveries_whose_task_was_lost_are_queued_again(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS  # queued, never run: as if the worker lost them
    emit(django_capture_on_commit_callbacks)
    emit(django_capture_on_commit_callbacks)
    lost, recent = WebhookDelivery.objects.order_by("pk")
    WebhookDelivery.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "narration"],
        }
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert services.do_requeue_overdue() == [lost.pk]
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert lost.status == WebhookDelivery.Status.SUCCEEDED
    assert recent.status == WebhookDelivery.Status.PENDING
    assert len(receiver.requests) == 1


def test_the_receiver_snippet_in_the_docs_verifies_our_signatures():
    import re
    import time
    from pathlib import Path

    from django.conf import settings

    docs = (Path(settings.BASE_DIR) / "docs" / "webhooks.md").read_text()
    snippet = re.findall(r"```python\n(.*?)```", docs, re.S)[0]
    namespace = {}
    exec(snippet, namespace)  # noqa: S102  # nosec B102 # our own documentation
    verify = namespace["verify"]
    body = b'{"id":"5f0c6a2e","event":"ping"}'
    header = signing.signature_header("whsec_abc", time.time(), body)
    assert verify("whsec_abc", header, body)
    assert not verify("whsec_abd", header, body)
    assert not verify("whsec_abc", header, body + b" ")
