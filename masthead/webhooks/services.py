"""Every change to webhooks: emitting events, endpoints (create, edit, rotate the secret,
enable, disable, ping) and deliveries (each attempt, retries with backoff, abandonment,
pruning the log). Side effects (tasks) run after commit.

Other apps call only `emit(event, data)`, with an event name they registered in
`events`."""

import datetime
import json
import logging
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.core import outbound
from masthead.core.tasks import enqueue_on_commit

from . import events, signing
from .models import WebhookDelivery, WebhookEndpoint, http_url

logger = logging.getLogger(__name__)

# Seconds to wait before attempt 2, 3, … : about 24 hours in all, then the delivery is
# abandoned (WEBHOOK_RETRY_SCHEDULE overrides it).
RETRY_SCHEDULE = [30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800]
TIMEOUT = 10  # seconds to connect, and between bytes of the response
RESPONSE_LIMIT = 4096  # bytes of a response read; the rest is never downloaded
EXCERPT_CHARS = 200
# Failed attempts in a row (with no success between) after which an endpoint is disabled.
DISABLE_AFTER_FAILURES = 25
LOG_DAYS = 7
PRUNE_EVERY = 3600  # seconds between opportunistic prunes
PRUNE_FLAG = "webhooks:pruned-recently"
# A claim older than this was left by a worker that died mid-attempt.
STALE_CLAIM = datetime.timedelta(seconds=120)


def retry_schedule():
    return list(getattr(settings, "WEBHOOK_RETRY_SCHEDULE", RETRY_SCHEDULE))


def max_attempts():
    return len(retry_schedule()) + 1


def log_days():
    return getattr(settings, "WEBHOOK_LOG_DAYS", LOG_DAYS)


# --- Emitting ----------------------------------------------------------------------


def emit(event, data):
    """Send `event` with `data` (JSON-serialisable; dates become ISO strings) to every
    active endpoint subscribed to it, once the current transaction commits. Returns the
    event id (the payload's "id", the Masthead-Delivery header)."""
    if not events.is_registered(event):
        raise ValueError(f"unregistered webhook event {event!r}")
    payload = _payload(event, data)
    transaction.on_commit(lambda: _create_deliveries(event, payload), robust=True)
    _prune_now_and_then()
    return uuid.UUID(payload["id"])


def _payload(event, data):
    payload = {
        "id": str(uuid.uuid4()),
        "event": event,
        "created_at": timezone.now().isoformat(),
        "data": data,
    }
    # Plain JSON from here on: what is stored is what is signed and sent.
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


@transaction.atomic
def _create_deliveries(event, payload):
    # JSON "contains" is not portable (SQLite); endpoints are few, so filter here.
    endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if e.subscribes_to(event)]
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event=event, event_id=payload["id"], payload=payload)
        for endpoint in endpoints
    )
    for delivery in deliveries:
        _enqueue_after_commit(delivery.pk)
    return deliveries


def _enqueue_after_commit(delivery_id, run_after=None):
    from .tasks import deliver_webhook_task

    enqueue_on_commit(deliver_webhook_task, delivery_id, run_after=run_after)


def _can_defer():
    from .tasks import deliver_webhook_task

    return deliver_webhook_task.get_backend().supports_defer


def _prune_now_and_then():
    """Queue a prune of the delivery log at most once per PRUNE_EVERY seconds."""
    if cache.add(PRUNE_FLAG, True, PRUNE_EVERY):
        from .tasks import prune_webhook_deliveries_task

        enqueue_on_commit(prune_webhook_deliveries_task)


# --- Endpoints ---------------------------------------------------------------------


def check_public_url(url):
    """Refuse a URL whose host is internal by name or literal address (localhost,
    127.0.0.1, 10.x, 169.254.169.254, metadata.google.internal…). Names are not resolved
    here; every delivery checks the addresses again when it connects."""
    try:
        outbound.check_host(urlsplit(url).hostname)
    except outbound.RefusedAddress as exc:
        raise ValidationError({"url": [str(exc)]}) from exc


def _clean_events(names):
    unknown = [name for name in names if not events.is_registered(name)]
    if unknown:
        raise ValueError(f"unregistered webhook events: {', '.join(unknown)}")
    return sorted(set(names))


@transaction.atomic
def do_create_endpoint(*, url, events=(), description="", user=None):
    """A new endpoint, active, with a fresh signing secret."""
    http_url(url)
    check_public_url(url)
    return WebhookEndpoint.objects.create(
        url=url,
        events=_clean_events(events),
        description=description,
        secret=signing.new_secret(),
        created_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def do_update_endpoint(endpoint, *, url, events, description=""):
    http_url(url)
    check_public_url(url)
    endpoint.url = url
    endpoint.events = _clean_events(events)
    endpoint.description = description
    endpoint.save(update_fields=["url", "events", "description"])
    return endpoint


@transaction.atomic
def do_rotate_secret(endpoint):
    """A new signing secret, used from the next attempt on (retries included)."""
    endpoint.secret = signing.new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


@transaction.atomic
def do_enable(endpoint):
    """Send to the endpoint again, with a clean failure count. Deliveries abandoned while
    it was disabled are not resent."""
    endpoint.active = True
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.consecutive_failures = 0
    endpoint.save(
        update_fields=["active", "disabled_at", "disabled_reason", "consecutive_failures"]
    )
    return endpoint


@transaction.atomic
def do_disable(endpoint, *, reason="", user=None):
    """Stop sending to the endpoint; its waiting retries are abandoned when they come due."""
    if not reason:
        who = user.get_full_name() or user.email if user is not None else ""
        reason = _("Disabled by %(who)s.") % {"who": who} if who else _("Disabled by an editor.")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        active=False, disabled_at=timezone.now(), disabled_reason=reason[:500]
    )
    endpoint.refresh_from_db()
    logger.warning("webhook endpoint %s (%s) disabled: %s", endpoint.pk, endpoint.url, reason)
    return endpoint


@transaction.atomic
def do_send_ping(endpoint):
    """Queue a `ping` event to this endpoint only (subscribed or not, enabled or not).
    Tried once; its outcome does not count towards disabling the endpoint."""
    payload = _payload(events.PING, {"endpoint": {"id": endpoint.pk, "url": endpoint.url}})
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=events.PING, event_id=payload["id"], payload=payload
    )
    _enqueue_after_commit(delivery.pk)
    return delivery


# --- Deliveries --------------------------------------------------------------------


class Outcome:
    def __init__(self, *, status_code=None, excerpt="", error=""):
        self.status_code = status_code
        self.excerpt = excerpt
        self.error = error

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300


def body_of(delivery):
    """The exact bytes sent and signed: compact JSON of the stored payload."""
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def send(endpoint, delivery):
    """POST the delivery once through the guarded client (masthead.core.outbound: public
    addresses only, checked at connect time). Never follows redirects (a 3xx is a
    failure), reads at most RESPONSE_LIMIT bytes of the response."""
    try:
        http_url(endpoint.url)
    except Exception:
        return Outcome(error=_("The URL is not an http:// or https:// address."))
    body = body_of(delivery)
    headers = signing.headers(
        endpoint.secret, event=delivery.event, event_id=delivery.event_id, body=body
    )
    headers["User-Agent"] = "Masthead-Webhooks/1"
    headers["Content-Type"] = "application/json"
    try:
        response = outbound.request(
            "POST",
            endpoint.url,
            body=body,
            headers=headers,
            timeout=getattr(settings, "WEBHOOK_TIMEOUT", TIMEOUT),
            max_bytes=RESPONSE_LIMIT,
        )
    except outbound.OutboundError as error:
        return Outcome(error=str(error)[:500])
    outcome = Outcome(status_code=response.status, excerpt=excerpt_of(response.body))
    if not outcome.ok:
        if 300 <= outcome.status_code < 400:
            outcome.error = _("Redirects are not followed (to %(location)s).") % {
                "location": response.header("Location", "?")[:200]
            }
        else:
            outcome.error = _("The endpoint answered HTTP %(status)s.") % {
                "status": outcome.status_code
            }
    return outcome


def excerpt_of(raw):
    """A short, printable excerpt of a response body for the delivery log: at most
    EXCERPT_CHARS characters, control characters dropped (the admin escapes it)."""
    text = raw.decode("utf-8", errors="replace")
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    return text[:EXCERPT_CHARS]


def do_attempt_delivery(delivery_id, *, now=None):
    """One attempt at a delivery (the task's work). Safe to run twice: a delivery that
    succeeded, was abandoned, is not due yet (before `now`) or is being sent by another
    worker is left alone. Returns the delivery after the attempt, or None if skipped."""
    now = now or timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(
        next_attempt_at__lte=now + datetime.timedelta(seconds=1)
    )
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
    claimed = WebhookDelivery.objects.filter(
        due,
        free,
        pk=delivery_id,
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.FAILED],
    ).update(claimed_at=now)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active and delivery.event != events.PING:
        return _record_abandoned_while_disabled(delivery)
    outcome = send(endpoint, delivery)
    if outcome.ok:
        return _record_success(delivery, outcome, now)
    return _record_failure(delivery, outcome, now)


def _record_attempt(delivery, outcome):
    delivery.attempts += 1
    delivery.claimed_at = None
    delivery.last_status_code = outcome.status_code
    delivery.last_response = outcome.excerpt
    delivery.last_error = outcome.error


@transaction.atomic
def _record_success(delivery, outcome, now):
    _record_attempt(delivery, outcome)
    delivery.status = WebhookDelivery.Status.SUCCEEDED
    delivery.delivered_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.save()
    if delivery.event != events.PING:
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)
    return delivery


@transaction.atomic
def _record_failure(delivery, outcome, now):
    _record_attempt(delivery, outcome)
    logger.info(
        "webhook delivery %s to %s failed (attempt %s): %s",
        delivery.pk,
        delivery.endpoint.url,
        delivery.attempts,
        outcome.error,
    )
    if delivery.event == events.PING:
        delivery.status = WebhookDelivery.Status.ABANDONED
        delivery.next_attempt_at = None
        delivery.save()
        return delivery
    schedule = retry_schedule()
    if delivery.attempts <= len(schedule):
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = now + datetime.timedelta(seconds=schedule[delivery.attempts - 1])
        if _can_defer():
            _enqueue_after_commit(delivery.pk, run_after=delivery.next_attempt_at)
    else:
        delivery.status = WebhookDelivery.Status.ABANDONED
        delivery.next_attempt_at = None
    delivery.save()

    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    endpoint.consecutive_failures += 1
    endpoint.save(update_fields=["consecutive_failures"])
    limit = getattr(settings, "WEBHOOK_DISABLE_AFTER_FAILURES", DISABLE_AFTER_FAILURES)
    if endpoint.active and delivery.status == WebhookDelivery.Status.ABANDONED:
        do_disable(
            endpoint,
            reason=_(
                "A %(event)s delivery was abandoned after %(attempts)s attempts. Last error: %(error)s"
            )
            % {"event": delivery.event, "attempts": delivery.attempts, "error": outcome.error},
        )
    elif endpoint.active and endpoint.consecutive_failures >= limit:
        do_disable(
            endpoint,
            reason=_("%(count)s attempts in a row failed. Last error: %(error)s")
            % {"count": endpoint.consecutive_failures, "error": outcome.error},
        )
    return delivery


@transaction.atomic
def _record_abandoned_while_disabled(delivery):
    delivery.status = WebhookDelivery.Status.ABANDONED
    delivery.claimed_at = None
    delivery.next_attempt_at = None
    delivery.last_error = _("Not sent: the endpoint is disabled.")
    delivery.save()
    return delivery


# A delivery this long past due has lost its task (a worker died, or the backend could not
# defer it); the hourly maintenance queues it again.
OVERDUE = datetime.timedelta(minutes=10)


def do_requeue_overdue(*, now=None):
    """Queue again the deliveries that should have been attempted more than OVERDUE ago
    and are not being sent. Safe to run any time: the task skips what is not due."""
    now = now or timezone.now()
    overdue = (
        WebhookDelivery.objects.filter(
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.FAILED],
            endpoint__active=True,
        )
        .filter(
            Q(next_attempt_at__lt=now - OVERDUE)
            | Q(next_attempt_at__isnull=True, created_at__lt=now - OVERDUE)
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM))
        .values_list("pk", flat=True)
    )
    ids = list(overdue[:1000])
    with transaction.atomic():
        for delivery_id in ids:
            _enqueue_after_commit(delivery_id)
    if ids:
        logger.warning("queued %s overdue webhook deliveries again", len(ids))
    return ids


def do_prune_deliveries(*, now=None, days=None):
    """Delete deliveries created more than `days` (WEBHOOK_LOG_DAYS, 7) days ago.
    Idempotent. Returns how many were deleted."""
    now = now or timezone.now()
    days = log_days() if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    deleted, _counts = WebhookDelivery.objects.filter(created_at__lt=cutoff).delete()
    if deleted:
        logger.info("pruned %s webhook deliveries older than %s days", deleted, days)
    return deleted
