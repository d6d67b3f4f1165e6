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

# Reader funding (members/campaigns.py, members/gifts.py). Days an ended campaign's meter
# keeps showing its final figures ("Thank you: 1,137 of 1,000").
MEMBERS_CAMPAIGN_THANKS_DAYS = env.int("MEMBERS_CAMPAIGN_THANKS_DAYS", default=14)
# Donations: the currencies offered (the first is the default) and the smallest amount,
# in minor units, in any of them.
MEMBERS_DONATION_CURRENCIES = env.list("MEMBERS_DONATION_CURRENCIES", default=["eur"])
MEMBERS_DONATION_MINIMUM = env.int("MEMBERS_DONATION_MINIMUM", default=300)
# Gifts: days before a gift membership ends that its recipient is invited to continue.
MEMBERS_GIFT_REMINDER_DAYS = env.int("MEMBERS_GIFT_REMINDER_DAYS", default=7)
