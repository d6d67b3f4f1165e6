"""The newsletters app's settings and their defaults (override any in Django settings)."""

from django.conf import settings

DEFAULTS = {
    # Signup: per reader IP and per address, within NEWSLETTER_SIGNUP_WINDOW seconds.
    "NEWSLETTER_SIGNUP_IP_LIMIT": 10,
    "NEWSLETTER_SIGNUP_EMAIL_LIMIT": 3,
    "NEWSLETTER_SIGNUP_WINDOW": 3600,
    # Confirmation emails sent to one subscriber per day, the first one included.
    "NEWSLETTER_CONFIRM_RESEND_LIMIT": 3,
    "NEWSLETTER_CONFIRM_MAX_AGE": 7 * 24 * 3600,
    # Sending: rows claimed per batch, a dead worker's claim is retaken after this many s.
    "NEWSLETTER_BATCH_SIZE": 200,
    "NEWSLETTER_CLAIM_TIMEOUT": 300,
    "NEWSLETTER_FREEZE_BATCH": 20000,
    # Per-provider rate limits (0 = unlimited).
    "NEWSLETTER_RATE_PER_SECOND": 0,
    "NEWSLETTER_RATE_PER_HOUR": 0,
    # A 4xx is retried this many times, after 1, 2, 4… minutes.
    "NEWSLETTER_MAX_ATTEMPTS": 5,
    "NEWSLETTER_RETRY_BASE_SECONDS": 60,
    # The send pauses by itself when failures pass this share after this many attempts.
    "NEWSLETTER_ERROR_RATE_PAUSE": 0.2,
    "NEWSLETTER_ERROR_RATE_MIN_SAMPLE": 50,
    # Email backend for list mail ("" = EMAIL_BACKEND); anymail backends work here.
    "NEWSLETTER_EMAIL_BACKEND": "",
    # The address of List-Unsubscribe's mailto (default: unsubscribe@<site host>).
    "NEWSLETTER_UNSUBSCRIBE_MAILTO": "",
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
