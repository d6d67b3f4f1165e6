"""Writes to API keys: create (returning the only copy of the secret), revoke, mark used."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiKey, Scope

TOKEN_PREFIX = "mh"  # noqa: S105 (a label, not a secret)
# last_used_at is written at most this often per key, so a busy key costs no write per call.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_secret(secret):
    """SHA-256 suffices: the secret is 32 random bytes, so there is nothing to brute-force
    that a slow password hash would protect."""
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(token):
    """`mh_<prefix>_<secret>` → (prefix, secret), or None for anything else."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


@transaction.atomic
def do_create_api_key(*, name, scopes, created_by):
    """Create a key; return (key, token). The token is not stored and cannot be shown again."""
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    prefix = secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        name=name,
        prefix=prefix,
        hashed_secret=hash_secret(secret),
        scopes=[scope for scope in Scope.values if scope in scopes],
        created_by=created_by,
    )
    return key, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def do_revoke_api_key(key):
    """Revoke for good; a revoked key answers 401 from its next call."""
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    key.refresh_from_db(fields=["revoked_at"])


def do_mark_key_used(key, now=None):
    """Record a use, at most once per LAST_USED_RESOLUTION (one UPDATE, no read)."""
    now = now or timezone.now()
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now
