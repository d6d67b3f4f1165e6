"""Settings of memberships (masthead/members/CONTEXT.md)."""

from masthead.core.appsettings import env

# Members: days a past-due member keeps access before the membership lapses; the
# smallest pay-what-you-want amount (in minor units of the default currency).
MEMBERS_GRACE_DAYS = env.int("MEMBERS_GRACE_DAYS", default=7)
MEMBERS_CURRENCY = env.str("MEMBERS_CURRENCY", default="eur")
MEMBERS_MINIMUM_AMOUNT = env.int("MEMBERS_MINIMUM_AMOUNT", default=300)
# Metering: member-only articles a signed-in reader may read each month (0: off).
MEMBERS_METER_FREE_ARTICLES = env.int("MEMBERS_METER_FREE_ARTICLES", default=0)
# How many body blocks of a gated article everyone sees.
MEMBERS_TEASER_BLOCKS = env.int("MEMBERS_TEASER_BLOCKS", default=2)
# How long a process keeps its map of tiers (by id and by the payment provider's product)
# before reading it again; a save in the same process clears it at once.
MEMBERS_TIER_CACHE_SECONDS = env.int("MEMBERS_TIER_CACHE_SECONDS", default=60)
