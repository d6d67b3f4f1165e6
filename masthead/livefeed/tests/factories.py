"""The news feed page and feed items for tests."""

import datetime

from django.utils import timezone

from masthead.livefeed import services
from masthead.livefeed.models import LiveFeedPage


def make_live_page(home, **kwargs):
    page = LiveFeedPage(
        title="News feed",
        slug="news-feed",
        introduction="Short updates as they happen.",
        **kwargs,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def post(headline="Air raid alert lifted in Kharkiv", minutes_ago=0, **kwargs):
    """Post an item through the service, `minutes_ago` in the past."""
    kwargs.setdefault("body", f"<p>{headline}. More soon.</p>")
    return services.do_post_item(
        headline=headline,
        published_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **kwargs,
    )
