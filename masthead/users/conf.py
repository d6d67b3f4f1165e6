"""Settings of reader accounts (masthead/users/CONTEXT.md)."""

from masthead.core.appsettings import env

# (requests, window in seconds) per client IP and per email address.
SIGN_IN_RATE_PER_IP = (env.int("SIGN_IN_RATE_PER_IP", default=8), 12 * 3600)
SIGN_IN_RATE_PER_ADDRESS = (env.int("SIGN_IN_RATE_PER_ADDRESS", default=4), 3600)
