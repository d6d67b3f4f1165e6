"""Idempotency-Key on create calls: a repeat returns the first response and creates nothing.

The key's row is inserted first, inside the transaction of the write it guards. A twin
request that arrives meanwhile blocks on the unique constraint (PostgreSQL) or on the
database lock (SQLite) until the first commits, then finds the row and replays it; if the
first fails, its row rolls back with it and the twin runs as if it came first. Only
successful responses are kept, for IDEMPOTENCY_TTL.
"""

import datetime
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
IDEMPOTENCY_TTL = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 255


class KeyReused(HttpError):
    def __init__(self):
        super().__init__(
            422,
            _(
                "This Idempotency-Key was already used with a different request; "
                "use a new key for a new request."
            ),
        )


def fingerprint(request):
    """A hash of what the request asks for: method, path, and its JSON or form fields
    and file contents (not the raw multipart body, whose boundary changes per send)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        fields = sorted((key, request.POST.getlist(key)) for key in request.POST)
        digest.update(json.dumps(fields).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(name.encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        try:
            body = json.dumps(json.loads(request.body or b"null"), sort_keys=True).encode()
        except ValueError:
            body = request.body
        digest.update(body)
    return digest.hexdigest()


def _prune():
    IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - IDEMPOTENCY_TTL).delete()


def run(request, response, create):
    """Call `create()` → (status, JSON-ready body) at most once per Idempotency-Key.

    `response` is django-ninja's temporal response, for the replay header."""
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        with transaction.atomic():
            return Status(*create())
    if len(key) > MAX_KEY_LENGTH:
        raise HttpError(
            422, _("The Idempotency-Key is longer than %(n)s characters.") % {"n": MAX_KEY_LENGTH}
        )
    api_key = request.auth
    print_ = fingerprint(request)
    _prune()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    api_key=api_key, key=key, fingerprint=print_
                )
        except IntegrityError:
            record = None
        if record is None:
            existing = IdempotencyRecord.objects.get(api_key=api_key, key=key)
            if existing.fingerprint != print_:
                raise KeyReused()
            response[REPLAYED_HEADER] = "true"
            return Status(existing.status_code, existing.response_body)
        status, body = create()
        record.status_code = status
        record.response_body = body
        record.save(update_fields=["status_code", "response_body"])
        return Status(status, body)
