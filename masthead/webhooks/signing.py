"""How bodies are signed: `Masthead-Signature: t=<unix time>,v1=<hex HMAC-SHA256>` of
f"{t}.{body}" keyed with the endpoint's secret. `verify()` is what a receiver does (the
same code is in docs/webhooks.md)."""

import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"  # noqa: S105 (a label, not a secret)
# A receiver should refuse signatures older than this (replays).
DEFAULT_TOLERANCE = 300


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret, timestamp, body):
    """Hex HMAC-SHA256 of f"{timestamp}.{body}" (`body` as bytes)."""
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, timestamp, body):
    return f"t={int(timestamp)},v1={signature(secret, timestamp, body)}"


def headers(secret, *, event, event_id, body, timestamp=None):
    """The headers sent with one attempt (a fresh timestamp per attempt)."""
    timestamp = int(time.time() if timestamp is None else timestamp)
    return {
        "Content-Type": "application/json",
        "Masthead-Event": event,
        "Masthead-Delivery": str(event_id),
        "Masthead-Timestamp": str(timestamp),
        "Masthead-Signature": signature_header(secret, timestamp, body),
    }


def verify(secret, header, body, *, tolerance=DEFAULT_TOLERANCE, now=None):
    """True if `header` (Masthead-Signature) signs `body` (bytes) with `secret` and is no
    older than `tolerance` seconds. Several v1= values may appear (secret rotation)."""
    parts = [part.strip().split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for key, value in parts if key == "t"]
    candidates = [value for key, value in parts if key == "v1"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or not candidates:
        return False
    timestamp = int(timestamps[0])
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
