"""Settings of Stripe payments (masthead/payments/CONTEXT.md)."""

from masthead.core.appsettings import env

# Stripe (masthead/payments). Without a secret key the site runs and the membership
# page says payments are not set up yet. STRIPE_API_BASE points the library elsewhere
# (a test double, a proxy).
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
# Webhooks older than this many seconds are rejected (replays).
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
# Marks our subscriptions on a Stripe account other products share.
STRIPE_METADATA_MARKER = env.str("STRIPE_METADATA_MARKER", default="masthead")
