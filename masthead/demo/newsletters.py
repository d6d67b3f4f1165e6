"""The demo newsroom's newsletters: the Newsletters page and four lists (original copy).
Called by the demo builder (masthead/demo/build.py)."""

from masthead.newsletters.models import Newsletter, NewsletterIndexPage

INTRODUCTION = (
    "Our journalism, straight to your inbox. Every newsletter uses double opt-in, and "
    "every email has a one-click unsubscribe link."
)

NEWSLETTERS = [
    {
        "slug": "morning-ledger",
        "name": "The Morning Ledger",
        "cadence": "Every weekday at 7 a.m.",
        "description": "The night's news, what to watch today and one story worth your "
        "time. Five minutes, no more.",
        "curator": "Hana Sorel",
        "welcome": "Thank you for signing up to the Morning Ledger.\n\nYour first briefing "
        "arrives tomorrow at 7 a.m. If it lands in a promotions or spam folder, move it to "
        "your inbox once and it will find its way from then on.",
    },
    {
        "slug": "long-read",
        "name": "The Long Read",
        "cadence": "Every Saturday",
        "description": "One of our big features or investigations, with a note from the "
        "editor on how it was reported.",
        "curator": "Tomas Adler",
        "welcome": "Welcome to the Long Read.\n\nOn Saturdays we send one story that took "
        "weeks to report, and tell you how it was done.",
    },
    {
        "slug": "front-line-dispatch",
        "name": "Front Line Dispatch",
        "cadence": "Twice a week",
        "description": "Notes from our correspondents in the east, with photographs that "
        "don't make it into the news.",
        "curator": "Milena Varga",
        "welcome": "Welcome to Front Line Dispatch.\n\nOur correspondents write it on the "
        "road, twice a week, from wherever the story is.",
    },
    {
        "slug": "money-matters",
        "name": "Money Matters",
        "cadence": "Every Wednesday",
        "description": "Prices, wages, energy bills and the economy at war, explained "
        "without jargon.",
        "curator": "Sabine Korder",
        "welcome": "Welcome to Money Matters.\n\nEvery Wednesday, one question about the "
        "economy answered plainly.",
    },
]


def index_page():
    return NewsletterIndexPage(
        title="Newsletters",
        slug="newsletters",
        introduction=INTRODUCTION,
        search_description=INTRODUCTION,
    )


def ensure_newsletters(authors, sender_email):
    """The four lists; returns (created, existing)."""
    created = 0
    for order, spec in enumerate(NEWSLETTERS):
        _, made = Newsletter.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "cadence": spec["cadence"],
                "description": spec["description"],
                "curator": authors.get(spec["curator"]),
                "sender_name": spec["name"],
                "sender_email": sender_email,
                "sort_order": order,
                "welcome_subject": f"Welcome to {spec['name']}",
                "welcome_body": spec["welcome"],
            },
        )
        created += made
    return created, len(NEWSLETTERS) - created
