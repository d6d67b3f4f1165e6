"""What the app plugs in at start-up: its slot widgets, its reactions to newsletter
edits, the provider's bounce and complaint events, and the article events."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from masthead.core import slots

from . import widgets
from .models import Newsletter

logger = logging.getLogger(__name__)

SLOTS = ("home.newsletter", "footer.newsletter", "article.after_body", "section.aside")


def newsletters_changed(sender, **kwargs):
    """A list's name or description shows in the widgets of every page."""
    from masthead.core import fragments, pagecache

    def purge():
        fragments.bump()
        pagecache.purge_everything()

    transaction.on_commit(purge)


def article_published(sender, article_id, was_live=False, **kwargs):
    """Sent once, after commit (seams contract §3). Only a first publication is emailed."""
    if was_live:
        return
    from . import sending

    sending.do_send_article(article_id, kwargs.get("section_id"))


def connect():
    from masthead.articles import events

    events.article_published.connect(article_published, dispatch_uid="newsletters-article")
    for name in SLOTS:
        slots.register(name, widgets.slot_renderer(name), order=80)
    post_save.connect(newsletters_changed, sender=Newsletter, dispatch_uid="newsletters-changed")
    post_delete.connect(newsletters_changed, sender=Newsletter, dispatch_uid="newsletters-gone")
    from anymail.signals import inbound

    from . import mail_unsubscribe, tracking

    tracking.connect()
    inbound.connect(mail_unsubscribe.handle_inbound, dispatch_uid="newsletters-anymail-inbound")
