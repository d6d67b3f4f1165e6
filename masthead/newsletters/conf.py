"""Settings of the newsletters app and their defaults, read from the environment
(masthead/core/appsettings.py says how app settings are wired)."""

from masthead.core.appsettings import env

# Signup: per reader IP and per address, within NEWSLETTER_SIGNUP_WINDOW seconds.
NEWSLETTER_SIGNUP_IP_LIMIT = env.int("NEWSLETTER_SIGNUP_IP_LIMIT", default=10)
NEWSLETTER_SIGNUP_EMAIL_LIMIT = env.int("NEWSLETTER_SIGNUP_EMAIL_LIMIT", default=3)
NEWSLETTER_SIGNUP_WINDOW = env.int("NEWSLETTER_SIGNUP_WINDOW", default=3600)
# Confirmation emails sent to one subscriber per day, the first one included.
NEWSLETTER_CONFIRM_RESEND_LIMIT = env.int("NEWSLETTER_CONFIRM_RESEND_LIMIT", default=3)
NEWSLETTER_CONFIRM_MAX_AGE = env.int("NEWSLETTER_CONFIRM_MAX_AGE", default=7 * 24 * 3600)
# Sending: rows a lane claims, sends and records at once (a crash may send a chunk
# twice), parallel lanes per worker (each with its own connection; 1 on SQLite), and
# messages per SMTP connection before a fresh one. A dead worker's claim is retaken
# after NEWSLETTER_CLAIM_TIMEOUT seconds.
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=100)
NEWSLETTER_SEND_THREADS = env.int("NEWSLETTER_SEND_THREADS", default=4)
NEWSLETTER_SMTP_MESSAGES_PER_CONNECTION = env.int(
    "NEWSLETTER_SMTP_MESSAGES_PER_CONNECTION", default=1000
)
NEWSLETTER_CLAIM_TIMEOUT = env.int("NEWSLETTER_CLAIM_TIMEOUT", default=300)
NEWSLETTER_FREEZE_BATCH = env.int("NEWSLETTER_FREEZE_BATCH", default=20000)
# Per-provider rate limits (0 = unlimited).
NEWSLETTER_RATE_PER_SECOND = env.float("NEWSLETTER_RATE_PER_SECOND", default=0)
NEWSLETTER_RATE_PER_HOUR = env.int("NEWSLETTER_RATE_PER_HOUR", default=0)
# A 4xx is retried this many times, after 1, 2, 4… minutes.
NEWSLETTER_MAX_ATTEMPTS = env.int("NEWSLETTER_MAX_ATTEMPTS", default=5)
NEWSLETTER_RETRY_BASE_SECONDS = env.int("NEWSLETTER_RETRY_BASE_SECONDS", default=60)
# The send pauses by itself when failures pass this share after this many attempts.
NEWSLETTER_ERROR_RATE_PAUSE = env.float("NEWSLETTER_ERROR_RATE_PAUSE", default=0.2)
NEWSLETTER_ERROR_RATE_MIN_SAMPLE = env.int("NEWSLETTER_ERROR_RATE_MIN_SAMPLE", default=50)
# Email backend for list mail ("" = EMAIL_BACKEND); anymail backends work here.
NEWSLETTER_EMAIL_BACKEND = env.str("NEWSLETTER_EMAIL_BACKEND", default="")
# An anymail provider's batch API: its merge-field syntax ("{{%s}}" for Postmark,
# "-%s-" for SendGrid, "%%recipient.%s%%" for Mailgun; "" = one call per message) and
# esp_extra for each batch call (JSON).
NEWSLETTER_ANYMAIL_MERGE_FIELD = env.str("NEWSLETTER_ANYMAIL_MERGE_FIELD", default="")
NEWSLETTER_ANYMAIL_ESP_EXTRA = env.json("NEWSLETTER_ANYMAIL_ESP_EXTRA", default={})
# The largest CSV an editor may import (bytes); the admin list's count stops here.
NEWSLETTER_IMPORT_MAX_BYTES = env.int("NEWSLETTER_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
NEWSLETTER_ADMIN_COUNT_CAP = env.int("NEWSLETTER_ADMIN_COUNT_CAP", default=10000)
# The address of List-Unsubscribe's mailto (default: unsubscribe@<site host>).
NEWSLETTER_UNSUBSCRIBE_MAILTO = env.str("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")


def get(name):
    """The current value of one of these settings (tests override them)."""
    from django.conf import settings

    return getattr(settings, name)
