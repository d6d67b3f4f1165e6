"""The one place that configures the official `stripe` library from settings."""

import stripe
from django.conf import settings


def is_configured():
    return bool(settings.STRIPE_SECRET_KEY)


def client():
    """The `stripe` module, pointed at STRIPE_API_BASE with our key. Every call sends an
    idempotency key where it creates something, so its retries are safe."""
    stripe.api_key = settings.STRIPE_SECRET_KEY
    stripe.api_base = settings.STRIPE_API_BASE
    stripe.max_network_retries = 2
    return stripe


def as_dict(obj):
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
