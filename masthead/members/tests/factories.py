"""Tiers with prices, and members."""

import factory
from factory.django import DjangoModelFactory

from masthead.members import services
from masthead.members.models import Membership, Tier, TierPrice


class TierFactory(DjangoModelFactory):
    """A tier with a monthly and a yearly price in euros (`prices=[(currency, interval,
    amount), ...]` to choose)."""

    class Meta:
        model = Tier
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Tier {n}")
    slug = factory.Sequence(lambda n: f"tier-{n}")
    description = "Keeps the newsroom going."
    benefits = "The newsletter from the editor\nMember-only investigations"
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def prices(self, create, value, **kwargs):
        if not create:
            return
        for currency, interval, amount in value or [("eur", "month", 500), ("eur", "year", 5000)]:
            TierPrice.objects.create(tier=self, currency=currency, interval=interval, amount=amount)


def make_member(user, tier=None, **kwargs):
    kwargs.setdefault("source", Membership.Source.MANUAL)
    return services.do_grant_membership(user, tier or TierFactory(), **kwargs)
