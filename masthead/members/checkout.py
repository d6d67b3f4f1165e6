"""The seam between memberships and the payment provider, so members never imports it.

The payments app registers a provider in its `AppConfig.ready()`:

    checkout.register_provider(provider)

A provider has `is_configured() -> bool` and `start(request, choice) -> url` (where to
send the reader to pay). Without a configured provider the membership page says that
payments are not set up yet.
"""

from dataclasses import dataclass

_provider = None


@dataclass(frozen=True)
class Choice:
    """What a reader chose on the membership page."""

    tier: object  # members.Tier
    amount: int  # minor units
    currency: str
    interval: str | None  # "month" | "year"; None for a one-off payment
    price: object = None  # members.TierPrice, or None for pay-what-you-want

    @property
    def recurring(self):
        return self.interval is not None


def register_provider(provider):
    global _provider
    _provider = provider


def provider():
    """The configured provider, or None when payments are not set up."""
    if _provider is not None and _provider.is_configured():
        return _provider
    return None


# Reader funding: a provider may also take donations and gifts (payments does).
# `start_donation(request, donation) -> url`, `start_gift(request, gift) -> url`.


@dataclass(frozen=True)
class Donation:
    """What a reader chose on the donate page."""

    amount: int  # minor units
    currency: str
    monthly: bool
    source: dict  # attribution (core/attribution.py)
