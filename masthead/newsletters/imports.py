"""Importing subscribers from a CSV: an editor uploads it with the lists and how these
readers consented; a task works through it in chunks, showing its progress.

* **Consent.** An import needs a consent note (where and how these readers agreed to
  get the lists); each subscription records it as its consent source. Addresses that
  are suppressed (bounced, complained, left everything) or that left a list are never
  re-subscribed by an import.
* **Dry run.** The same pass, counting what would happen and writing nothing.
* **Resumable and idempotent.** Each chunk's writes and the new position commit in one
  transaction; a rerun of the task (after a crash, or twice) starts after the last
  committed chunk, and every write is "create if missing".

The CSV: a header row naming an `email` column (and optionally `name`), or no header
with the address first and a name second. Up to NEWSLETTER_IMPORT_MAX_BYTES.
"""

import csv
import io
import itertools
import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from . import conf, tasks
from .models import (
    Subscriber,
    SubscriberImport,
    Subscription,
    Suppression,
    email_hash,
    normalize_email,
)

logger = logging.getLogger(__name__)

CHUNK = 1000
MAX_ERRORS_KEPT = 20


class ImportRefused(ValueError):
    pass


def _rows(text):
    """(has_header, email column, name column or None, iterator of data rows)."""
    reader = csv.reader(io.StringIO(text))
    first = next(reader, None)
    if first is None:
        return iter(())
    lowered = [cell.strip().lower() for cell in first]
    if "email" in lowered:
        email_col = lowered.index("email")
        name_col = lowered.index("name") if "name" in lowered else None
        rows = reader
    else:
        email_col, name_col = 0, 1
        rows = itertools.chain([first], reader)
    return (
        (
            row[email_col] if len(row) > email_col else "",
            row[name_col] if name_col is not None and len(row) > name_col else "",
        )
        for row in rows
        if any(cell.strip() for cell in row)
    )


@transaction.atomic
def do_create_import(*, text, filename, newsletters, consent_note, dry_run, user):
    """Record an import and queue its task (after commit). Refuses a file over the size
    cap, without an email column, or without a consent note."""
    if len(text.encode()) > conf.get("NEWSLETTER_IMPORT_MAX_BYTES"):
        raise ImportRefused("The file is too large.")
    if not consent_note.strip():
        raise ImportRefused("Say how these readers consented.")
    if not newsletters:
        raise ImportRefused("Choose at least one list.")
    total = sum(1 for _ in _rows(text))
    job = SubscriberImport.objects.create(
        filename=filename[:200],
        data=text,
        consent_note=consent_note.strip()[:200],
        dry_run=dry_run,
        total_rows=total,
        created_by=user,
    )
    job.newsletters.set(newsletters)
    transaction.on_commit(lambda: tasks.import_subscribers_task.enqueue(job.pk))
    return job


def run_import(import_id):
    """Work through the import from its position to the end (the task's body)."""
    claimed = SubscriberImport.objects.filter(
        pk=import_id, status__in=[SubscriberImport.Status.QUEUED, SubscriberImport.Status.RUNNING]
    ).update(status=SubscriberImport.Status.RUNNING)
    if not claimed:
        return
    job = SubscriberImport.objects.get(pk=import_id)
    newsletter_ids = list(job.newsletters.values_list("pk", flat=True))
    rows = itertools.islice(_rows(job.data), job.position, None)
    try:
        while True:
            chunk = list(itertools.islice(rows, CHUNK))
            if not chunk:
                break
            do_import_chunk(import_id, newsletter_ids, chunk)
    except Exception as error:
        SubscriberImport.objects.filter(pk=import_id).update(
            status=SubscriberImport.Status.FAILED, errors=f"Stopped: {error!r}"[:2000]
        )
        raise
    SubscriberImport.objects.filter(pk=import_id).update(
        status=SubscriberImport.Status.DONE, finished_at=timezone.now(), data=""
    )


def _valid(email):
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


@transaction.atomic
def do_import_chunk(import_id, newsletter_ids, chunk):
    """One chunk of rows, with the import's counters and position, in one transaction."""
    job = SubscriberImport.objects.select_for_update().get(pk=import_id)
    counts = dict.fromkeys(
        [
            "subscribers_created",
            "subscriptions_created",
            "already_subscribed",
            "skipped_invalid",
            "skipped_suppressed",
            "skipped_unsubscribed",
        ],
        0,
    )
    errors = job.errors.splitlines()
    wanted = {}
    for line, (raw, name) in enumerate(chunk, start=job.position + 1):
        email = normalize_email(raw)
        if not _valid(email):
            counts["skipped_invalid"] += 1
            if len(errors) < MAX_ERRORS_KEPT:
                errors.append(f"Row {line}: not an email address: {raw[:80]!r}")
            continue
        wanted.setdefault(email, name.strip()[:120])
    suppressed = set(
        Suppression.objects.filter(email_hash__in=[email_hash(e) for e in wanted]).values_list(
            "email_hash", flat=True
        )
    )
    for email in [e for e in wanted if email_hash(e) in suppressed]:
        counts["skipped_suppressed"] += 1
        del wanted[email]
    existing = dict(Subscriber.objects.filter(email__in=list(wanted)).values_list("email", "pk"))
    new = [e for e in wanted if e not in existing]
    counts["subscribers_created"] = len(new)
    if not job.dry_run and new:
        Subscriber.objects.bulk_create(
            [Subscriber(email=e, name=wanted[e]) for e in new], ignore_conflicts=True
        )
        existing.update(Subscriber.objects.filter(email__in=new).values_list("email", "pk"))
    current = {
        (sub_id, nl_id): status
        for sub_id, nl_id, status in Subscription.objects.filter(
            subscriber_id__in=list(existing.values()), newsletter_id__in=newsletter_ids
        ).values_list("subscriber_id", "newsletter_id", "status")
    }
    now = timezone.now()
    source = f"import:{job.pk} {job.consent_note}"[:200]
    to_create, to_confirm = [], []
    for email in wanted:
        subscriber_id = existing.get(email)
        for newsletter_id in newsletter_ids:
            status = current.get((subscriber_id, newsletter_id)) if subscriber_id else None
            if status == Subscription.Status.CONFIRMED:
                counts["already_subscribed"] += 1
            elif status == Subscription.Status.UNSUBSCRIBED:
                counts["skipped_unsubscribed"] += 1
            else:
                counts["subscriptions_created"] += 1
                if status == Subscription.Status.PENDING:
                    to_confirm.append((subscriber_id, newsletter_id))
                elif subscriber_id is not None:
                    to_create.append(
                        Subscription(
                            subscriber_id=subscriber_id,
                            newsletter_id=newsletter_id,
                            status=Subscription.Status.CONFIRMED,
                            confirmed_at=now,
                            consent_source=source,
                        )
                    )
    if not job.dry_run:
        Subscription.objects.bulk_create(to_create, ignore_conflicts=True)
        for subscriber_id, newsletter_id in to_confirm:
            Subscription.objects.filter(
                subscriber_id=subscriber_id,
                newsletter_id=newsletter_id,
                status=Subscription.Status.PENDING,
            ).update(status=Subscription.Status.CONFIRMED, confirmed_at=now, consent_source=source)
    for key, value in counts.items():
        setattr(job, key, getattr(job, key) + value)
    job.position += len(chunk)
    job.errors = "\n".join(errors)
    job.save()
