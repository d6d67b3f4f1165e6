"""Sending an issue: freeze the audience into delivery rows, then workers send them.

The promises, and how each is kept:

* **Nobody missed.** When a send starts, every recipient gets one Delivery row
  (unique per issue and subscriber), inserted in batches with INSERT … SELECT, so the
  audience is fixed and never held in memory. The send is finished only when no row is
  queued or being sent.
* **Nobody mailed twice.** A worker's lane claims a chunk (NEWSLETTER_BATCH_SIZE rows)
  with a conditional UPDATE (queued → sending, stamped with a claim token; on
  PostgreSQL the candidates are picked with SKIP LOCKED), so two lanes never hold the
  same row. It sends the chunk over its own reused connection, then records it in one
  UPDATE: each sent row marked sent with its Message-ID, failures beside them, untried
  rows handed back. A graceful stop finishes the message in flight, records the chunk
  and hands the rest back: no duplicate.
* **A crash.** If a worker dies, its rows stay "sending" until NEWSLETTER_CLAIM_TIMEOUT
  passes (a lane refreshes its claim's time during a long chunk), then any worker hands
  them back. The rows of a dead claim are exactly the messages that were in flight
  (sent, perhaps, but not yet recorded): all are flagged `maybe_duplicate`, and the
  admin shows how many. So a kill can mail at most lanes × chunk size people twice, and
  misses nobody; a smaller chunk trades speed for fewer possible duplicates.
* **Failures.** A 4xx (or a lost connection) is retried with exponential backoff; a
  5xx fails the row and suppresses the address. When failures pass
  NEWSLETTER_ERROR_RATE_PAUSE of a worker's attempts, the send pauses and the editor is
  told.
* **Idempotent.** `do_start_send` moves draft/scheduled → sending once, under a row lock;
  freezing inserts ON CONFLICT DO NOTHING; the send task only claims unsent rows.
* **Speed.** The issue is rendered once per worker (transports.PreparedIssue); each copy
  only swaps in its recipient's links. A chunk costs four queries (claim, two checks
  of suppressions and subscriptions, the record), not one per message.
"""

import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import mail_admins, send_mail
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import Case, CharField, Count, F, Min, Q, Subquery, Value, When
from django.utils import timezone

from masthead.core import ratelimit

from . import audiences, conf, emails, rendering, tasks, transports
from .models import (
    Delivery,
    Issue,
    Subscription,
    Suppression,
    email_hash,
)

logger = logging.getLogger(__name__)

D = Delivery.Status


class SendError(Exception):
    pass


# --- starting, scheduling and controlling a send (editor actions) --------------------


def _check_audience(issue):
    if issue.audience != Issue.Audience.ALL and not audiences.available("members"):
        raise SendError("No members audience is registered; send to all subscribers instead.")


@transaction.atomic
def do_start_send(issue_id):
    """Send now. Returns False when the issue was already sending or sent (a second
    press of "send", a second run of the task): nothing more happens then."""
    issue = Issue.objects.select_for_update().get(pk=issue_id)
    if issue.status not in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
        return False
    _check_audience(issue)
    issue.status, issue.started_at, issue.paused_reason = Issue.Status.SENDING, timezone.now(), ""
    issue.save(update_fields=["status", "started_at", "paused_reason"])
    transaction.on_commit(lambda: tasks.start_send_task.enqueue(issue.pk))
    return True


@transaction.atomic
def do_schedule(issue_id, when):
    issue = Issue.objects.select_for_update().get(pk=issue_id)
    if issue.status not in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
        return False
    _check_audience(issue)
    issue.status, issue.scheduled_at = Issue.Status.SCHEDULED, when
    issue.save(update_fields=["status", "scheduled_at"])
    return True


def start_due(now=None):
    """Start every scheduled issue whose time has come (run by the worker command)."""
    now = now or timezone.now()
    started = 0
    for issue_id in Issue.objects.filter(
        status=Issue.Status.SCHEDULED, scheduled_at__lte=now
    ).values_list("pk", flat=True):
        started += bool(do_start_send(issue_id))
    return started


@transaction.atomic
def do_pause(issue_id, reason=""):
    updated = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
        status=Issue.Status.PAUSED, paused_reason=reason[:300]
    )
    return bool(updated)


@transaction.atomic
def do_resume(issue_id):
    updated = Issue.objects.filter(pk=issue_id, status=Issue.Status.PAUSED).update(
        status=Issue.Status.SENDING, paused_reason=""
    )
    if updated:
        transaction.on_commit(lambda: tasks.start_send_task.enqueue(issue_id))
    return bool(updated)


@transaction.atomic
def do_cancel(issue_id):
    """Stop a send for good: unsent rows are cancelled (a message in flight still goes)."""
    updated = Issue.objects.filter(
        pk=issue_id,
        status__in=[Issue.Status.SENDING, Issue.Status.PAUSED, Issue.Status.SCHEDULED],
    ).update(status=Issue.Status.CANCELLED)
    if updated:
        Delivery.objects.filter(issue_id=issue_id, status=D.QUEUED).update(status=D.CANCELLED)
    return bool(updated)


def do_send_article(article_id, section_id=None):
    """Email a newly published article to every active list that asks for it: one issue
    per list and article (a unique constraint), sent at once. Safe to call twice."""
    from masthead.articles.models import ArticlePage

    from .models import Newsletter

    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        return []
    newsletters = Newsletter.objects.filter(active=True, send_on_publish=True).filter(
        Q(publish_section__isnull=True) | Q(publish_section_id=article.section_id)
    )
    started = []
    for newsletter in newsletters:
        try:
            with transaction.atomic():
                issue, created = Issue.objects.get_or_create(
                    newsletter=newsletter,
                    source_article=article,
                    defaults={
                        "subject": article.title[:200],
                        "preheader": (article.standfirst or "")[:200],
                        "articles": [("article", article)],
                    },
                )
        except IntegrityError:  # a concurrent call made it
            continue
        if created and do_start_send(issue.pk):
            started.append(issue)
    return started


# --- freezing the audience ------------------------------------------------------------


def audience_queryset(issue):
    """Confirmed subscriptions of the issue's list, in its audience, not suppressed."""
    subs = Subscription.objects.filter(
        newsletter_id=issue.newsletter_id, status=Subscription.Status.CONFIRMED
    )
    if issue.audience == Issue.Audience.MEMBERS:
        subs = subs.filter(subscriber__user_id__in=audiences.user_ids("members"))
    elif issue.audience == Issue.Audience.NON_MEMBERS:
        subs = subs.exclude(subscriber__user_id__in=audiences.user_ids("members"))
    suppressed = Suppression.objects.exclude(email="").values("email")
    return subs.exclude(subscriber__email__in=Subquery(suppressed))


def freeze_audience(issue_id, batch=None):
    """Insert one queued Delivery per recipient, BATCH subscribers per statement, each
    batch in its own transaction. Safe to rerun after a crash: rows already there are
    kept (ON CONFLICT DO NOTHING) and the walk starts again from the beginning."""
    issue = Issue.objects.get(pk=issue_id)
    if issue.frozen or issue.status != Issue.Status.SENDING:
        return
    batch = batch or conf.get("NEWSLETTER_FREEZE_BATCH")
    audience = audience_queryset(issue).order_by("subscriber_id")
    table = Delivery._meta.db_table
    lower = 0
    while True:
        upper = (
            audience.filter(subscriber_id__gt=lower)
            .values_list("subscriber_id", flat=True)[batch - 1 : batch]
            .first()
        )
        chunk = audience.filter(subscriber_id__gt=lower)
        if upper is not None:
            chunk = chunk.filter(subscriber_id__lte=upper)
        sql, params = (
            chunk.order_by()
            .values_list("subscriber_id", "subscriber__email")
            .query.sql_with_params()
        )
        with transaction.atomic(), db_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (issue_id, subscriber_id, email, status, attempts, claim,"  # noqa: S608  # nosec B608 - the table is our model's; the subquery is the ORM's, with parameters
                " message_id, error, maybe_duplicate)"
                f" SELECT %s, chosen.*, %s, 0, '', '', '', %s FROM ({sql}) AS chosen WHERE 1 = 1"
                " ON CONFLICT (issue_id, subscriber_id) DO NOTHING",
                [issue.pk, D.QUEUED, False, *params],
            )
        if upper is None:
            break
        lower = upper
    total = Delivery.objects.filter(issue_id=issue.pk).count()
    Issue.objects.filter(pk=issue.pk).update(frozen=True, total=total)
    logger.info("issue %s: audience frozen, %d recipients", issue.pk, total)


# --- claiming and sending ---------------------------------------------------------------


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def release_stale(issue_id, now=None, timeout=None):
    """Hand back the rows of claims whose worker stopped refreshing them (it died). Every
    row of such a claim was in flight (sent perhaps, not recorded): flag them all."""
    now = now or timezone.now()
    timeout = timeout if timeout is not None else conf.get("NEWSLETTER_CLAIM_TIMEOUT")
    stale_before = now - timedelta(seconds=timeout)
    claims = (
        Delivery.objects.filter(issue_id=issue_id, status=D.SENDING, claimed_at__lt=stale_before)
        .values_list("claim", flat=True)
        .distinct()
    )
    released = 0
    for token in list(claims):
        with transaction.atomic():
            count = Delivery.objects.filter(
                issue_id=issue_id, claim=token, status=D.SENDING
            ).update(status=D.QUEUED, claim="", claimed_at=None, maybe_duplicate=True)
            released += count
            if count:
                logger.warning(
                    "issue %s: claim %s timed out; %d rows handed back, each may be sent twice",
                    issue_id,
                    token,
                    count,
                )
    return released


def claim(issue_id, size, now=None):
    """(token, [rows]) of up to `size` queued rows of the issue, now held by this worker."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    ready = Q(status=D.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    candidates = Delivery.objects.filter(ready, issue_id=issue_id).order_by("id").values("id")
    with transaction.atomic():
        if db_connection.vendor == "postgresql":
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates[:size].values_list("id", flat=True))
        if not ids:
            return token, []
        Delivery.objects.filter(ready, id__in=ids).update(
            status=D.SENDING, claim=token, claimed_at=now
        )
    rows = list(
        Delivery.objects.filter(claim=token, status=D.SENDING)
        .order_by("id")
        .values_list("id", "subscriber_id", "email")
    )
    return token, rows


class RateLimit:
    """NEWSLETTER_RATE_PER_SECOND / _PER_HOUR across all workers (counted in the cache)."""

    def __init__(self):
        self.per_second = conf.get("NEWSLETTER_RATE_PER_SECOND")
        self.per_hour = conf.get("NEWSLETTER_RATE_PER_HOUR")

    def wait(self):
        """Block until one more message may go; False when the hourly budget is spent."""
        if self.per_hour and not ratelimit.hit(
            f"nl-send-hour:{int(time.time() // 3600)}", self.per_hour, 3600
        ):
            return False
        while self.per_second:
            second = int(time.time())
            if ratelimit.hit(f"nl-send-second:{second}", self.per_second, 2):
                break
            time.sleep(max(0.0, second + 1 - time.time()))
        return True


class Sender:
    """One worker's pass over one issue: NEWSLETTER_SEND_THREADS lanes, each claiming its
    own chunks and sending them over its own connection. `should_stop()` is polled
    between messages."""

    def __init__(
        self, issue_id, should_stop=None, batch_size=None, claim_timeout=None, threads=None
    ):
        self.issue_id = issue_id
        self.outside_stop = should_stop or (lambda: False)
        self.batch_size = batch_size or conf.get("NEWSLETTER_BATCH_SIZE")
        self.timeout = claim_timeout or conf.get("NEWSLETTER_CLAIM_TIMEOUT")
        self.threads = threads or conf.get("NEWSLETTER_SEND_THREADS")
        if db_connection.vendor == "sqlite":
            self.threads = 1  # one writer at a time: lanes would wait on its lock
        self.lock = threading.Lock()
        self.attempts = 0
        self.failures = 0
        self.sent = 0
        self.halted = False  # paused, cancelled, out of budget: every lane stops
        self.exhausted = False  # a lane found nothing to claim
        self.released_at = 0.0
        self.limit = RateLimit()

    def should_stop(self):
        return self.halted or self.outside_stop()

    def run(self):
        """Send until the issue has nothing queued, is paused or cancelled, or we are told
        to stop. Returns the number of messages sent."""
        issue = Issue.objects.select_related("newsletter").get(pk=self.issue_id)
        if issue.status != Issue.Status.SENDING:
            return 0
        self.issue = issue
        self.newsletter = issue.newsletter
        self.prepared = transports.PreparedIssue(issue)
        if self.threads <= 1:
            self._lane()
        else:
            lanes = [
                threading.Thread(target=self._threaded_lane, name=f"nl-send-{n}")
                for n in range(self.threads)
            ]
            for lane in lanes:
                lane.start()
            for lane in lanes:
                lane.join()
        if self.exhausted and not self.should_stop():
            self._finish_or_reschedule()
        return self.sent

    def _threaded_lane(self):
        try:
            self._lane()
        finally:
            db_connection.close()  # this thread's own connection

    def _lane(self):
        transport = transports.for_send(self.prepared)
        try:
            while not self.should_stop():
                if not self._issue_still_sending():
                    self.halted = True
                    break
                self._release_stale_now_and_then()
                token, rows = claim(self.issue_id, self.batch_size)
                if not rows:
                    self.exhausted = True
                    break
                self._send_chunk(transport, token, rows)
        finally:
            transport.close()

    def _issue_still_sending(self):
        return Issue.objects.filter(pk=self.issue_id, status=Issue.Status.SENDING).exists()

    def _release_stale_now_and_then(self):
        with self.lock:
            due = time.monotonic() - self.released_at > min(self.timeout / 3, 10)
            if due:
                self.released_at = time.monotonic()
        if due:
            release_stale(self.issue_id, timeout=self.timeout)

    def _blocked(self, rows):
        """Rows of the batch not to send: address suppressed since the freeze, or the
        subscription ended. Checked once per batch."""
        hashes = {email_hash(email): email for _, _, email in rows}
        suppressed = set(
            Suppression.objects.filter(email_hash__in=hashes).values_list("email_hash", flat=True)
        )
        confirmed = set(
            Subscription.objects.filter(
                newsletter_id=self.newsletter.pk,
                subscriber_id__in=[sid for _, sid, _ in rows],
                status=Subscription.Status.CONFIRMED,
            ).values_list("subscriber_id", flat=True)
        )
        return {
            row_id: ("suppressed" if email_hash(email) in suppressed else "unsubscribed")
            for row_id, sid, email in rows
            if email_hash(email) in suppressed or sid not in confirmed
        }

    def _may_send(self):
        """Between two messages: stop when told to, wait out the per-second rate, and halt
        (coming back in 5 minutes) when the hourly budget is spent."""
        if self.should_stop():
            return False
        if not self.limit.wait():
            with self.lock:
                if not self.halted:
                    self.halted = True
                    enqueue_later(self.issue_id, timezone.now() + timedelta(minutes=5))
            return False
        return True

    def _send_chunk(self, transport, token, rows):
        """Send one claimed chunk, then record it in one UPDATE: the sent rows with their
        Message-IDs, the rest handed back. A crash before that UPDATE leaves the whole
        chunk "sending" under a dead claim: release_stale flags it (in flight)."""
        blocked = self._blocked(rows)
        for reason in set(blocked.values()):
            Delivery.objects.filter(
                pk__in=[pk for pk, why in blocked.items() if why == reason], claim=token
            ).update(status=D.SUPPRESSED, error=reason, claim="")
        todo = [row for row in rows if row[0] not in blocked]
        heartbeat = [time.monotonic()]

        def stop_between_messages():
            if time.monotonic() - heartbeat[0] > self.timeout / 3:
                Delivery.objects.filter(claim=token, status=D.SENDING).update(
                    claimed_at=timezone.now()
                )
                heartbeat[0] = time.monotonic()
            return not self._may_send()

        outcomes = transport.send(todo, token, stop_between_messages) if todo else []
        sent = [o for o in outcomes if o.sent]
        if sent:
            Delivery.objects.filter(claim=token, pk__in=[o.row_id for o in sent]).update(
                status=D.SENT,
                message_id=Case(
                    *[When(pk=o.row_id, then=Value(o.message_id[:250])) for o in sent],
                    output_field=CharField(),
                ),
                sent_at=timezone.now(),
                claim="",
                attempts=F("attempts") + 1,
            )
        failed = [o for o in outcomes if not o.sent]
        emails_by_row = {row_id: email for row_id, _, email in rows}
        for outcome in failed:
            self._failed(outcome, emails_by_row[outcome.row_id])
        self._hand_back(token)  # rows a stop left untried
        with self.lock:
            self.sent += len(sent)
            self.attempts += len(outcomes)
            self.failures += len(failed)
            too_many = self._error_rate_exceeded()
        if too_many:
            self.halted = True
            self._pause_for_errors()

    def _failed(self, outcome, email):
        code, detail = outcome.code, outcome.detail
        row = Delivery.objects.get(pk=outcome.row_id)
        attempts = row.attempts + 1
        if code >= 500 or attempts >= conf.get("NEWSLETTER_MAX_ATTEMPTS"):
            Delivery.objects.filter(pk=row.pk).update(
                status=D.FAILED, attempts=attempts, error=detail[:500], claim=""
            )
            if code >= 500:
                from . import services

                services.do_suppress(email, Suppression.Reason.HARD_BOUNCE, detail)
            return
        delay = conf.get("NEWSLETTER_RETRY_BASE_SECONDS") * 2 ** (attempts - 1)
        Delivery.objects.filter(pk=row.pk).update(
            status=D.QUEUED,
            attempts=attempts,
            error=detail[:500],
            claim="",
            claimed_at=None,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )

    def _hand_back(self, token):
        Delivery.objects.filter(claim=token, status=D.SENDING).update(
            status=D.QUEUED, claim="", claimed_at=None
        )

    def _error_rate_exceeded(self):
        return self.attempts >= conf.get(
            "NEWSLETTER_ERROR_RATE_MIN_SAMPLE"
        ) and self.failures / self.attempts > conf.get("NEWSLETTER_ERROR_RATE_PAUSE")

    def _pause_for_errors(self):
        reason = (
            f"Paused by itself: {self.failures} of {self.attempts} messages failed "
            f"(threshold {conf.get('NEWSLETTER_ERROR_RATE_PAUSE'):.0%})."
        )
        if do_pause(self.issue_id, reason):
            notify_editor(self.issue, reason)

    def _finish_or_reschedule(self):
        """Nothing claimable: finish the send, or come back for retries and other
        workers' claims (which may be dead)."""
        pending = Delivery.objects.filter(
            issue_id=self.issue_id, status__in=[D.QUEUED, D.SENDING]
        ).aggregate(
            retry=Min("next_attempt_at", filter=Q(status=D.QUEUED)),
            held=Min("claimed_at", filter=Q(status=D.SENDING)),
            count=Count("id"),
        )
        if not pending["count"]:
            finished = Issue.objects.filter(pk=self.issue_id, status=Issue.Status.SENDING).update(
                status=Issue.Status.SENT, sent_at=timezone.now()
            )
            if finished:
                logger.info("issue %s: sent", self.issue_id)
            return
        times = [t for t in (pending["retry"],) if t]
        if pending["held"]:
            times.append(pending["held"] + timedelta(seconds=self.timeout + 1))
        when = min(times) if times else timezone.now() + timedelta(seconds=self.timeout)
        enqueue_later(self.issue_id, when)


def enqueue_later(issue_id, when):
    """Come back to the issue at `when`. A backend that cannot defer (the immediate one
    of tests) gets nothing: the worker command's loop picks the issue up again."""
    task = tasks.send_issue_task
    if task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(issue_id)


def send_pending(issue_id, should_stop=None, **options):
    return Sender(issue_id, should_stop=should_stop, **options).run()


def notify_editor(issue, reason):
    to = [issue.created_by.email] if issue.created_by and issue.created_by.email else []
    subject = f"Newsletter send paused: {issue.subject}"
    if to:
        send_mail(subject, reason, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)
    else:
        mail_admins(subject, reason, fail_silently=True)


# --- reading the state of a send ------------------------------------------------------


def progress(issue):
    """{status: count} of the issue's deliveries, the possible duplicates, and the rate."""
    counts = dict(
        Delivery.objects.filter(issue=issue)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    done = counts.get(D.SENT, 0)
    rate = None
    if issue.started_at and done:
        last = issue.sent_at or timezone.now()
        seconds = max((last - issue.started_at).total_seconds(), 1)
        rate = done / seconds
    return {
        "total": issue.total,
        "counts": counts,
        "sent": done,
        "failed": counts.get(D.FAILED, 0),
        "queued": counts.get(D.QUEUED, 0) + counts.get(D.SENDING, 0),
        "maybe_duplicates": Delivery.objects.filter(issue=issue, maybe_duplicate=True).count(),
        "rate": rate,
    }


def do_send_test(issue_id, email):
    """A test copy to one address (the editor's), subject marked, links that work for
    no one: they name no subscriber."""
    transaction.on_commit(lambda: tasks.send_test_task.enqueue(issue_id, email))


def send_test(issue_id, email):
    issue = Issue.objects.select_related("newsletter").get(pk=issue_id)
    text, html = rendering.render_issue(issue)
    headers, links = emails.list_headers(0, issue.newsletter)
    text, html = rendering.personalise(text, html, links)
    emails.message(
        subject=f"[Test] {issue.subject}",
        text=text,
        html=html,
        to=email,
        from_email=issue.newsletter.from_email,
        reply_to=issue.newsletter.reply_to or None,
        headers=headers,
        connection=emails.list_connection(),
    ).send()
