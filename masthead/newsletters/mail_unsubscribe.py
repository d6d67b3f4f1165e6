"""Unsubscribing by email: the mailto half of every list email's List-Unsubscribe.

Each copy's header reads `<mailto:unsubscribe@…?subject=unsubscribe TOKEN>`, where TOKEN
is the same signed token as the https link (tokens.make_unsubscribe: one subscriber,
one list). A mail client's "Unsubscribe" button sends that message; whoever can send it
had the email, so the token is the authority, as with the one-click POST. Two ways in:

* **A provider's inbound webhook** (anymail's `inbound` signal; anymail checks the
  webhook's signature or basic auth): route unsubscribe@ to it at the provider.
* **A mailbox on disk**: `manage.py process_unsubscribe_mail --maildir PATH` (or
  `--mbox PATH`), run from cron beside the MTA that delivers unsubscribe@ there (e.g.
  Postfix's `local`/`virtual` to a Maildir). Each message read is removed, so a rerun
  does nothing twice; unsubscribing twice changes nothing anyway.

A message whose subject holds no valid token changes nothing (and is logged).
"""

import logging
import mailbox
import re

from . import services, tokens
from .models import Subscriber

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"unsubscribe\s+(\S+)", re.IGNORECASE)


def process_subject(subject):
    """Unsubscribe as the subject's token says; True when it named a subscriber."""
    match = TOKEN.search(subject or "")
    if not match:
        return False
    try:
        subscriber_id, newsletter_id = tokens.read_unsubscribe(match.group(1).strip("<>"))
    except (tokens.BadToken, ValueError):
        logger.info("unsubscribe mail with a bad token ignored")
        return False
    if not Subscriber.objects.filter(pk=subscriber_id).exists():
        return False
    services.do_unsubscribe(subscriber_id, newsletter_id)
    return True


def handle_inbound(sender, event, esp_name, **kwargs):
    """anymail's inbound signal: a message to the unsubscribe address, from the provider."""
    message = event.message
    if message is None:
        return
    process_subject(message.subject)


def process_mailbox(box):
    """Process and remove every message of a `mailbox.Mailbox`; (read, unsubscribed)."""
    read = done = 0
    box.lock()
    try:
        for key in list(box.keys()):
            message = box.get_message(key)
            read += 1
            done += process_subject(str(message.get("Subject", "")))
            box.remove(key)
        box.flush()
    finally:
        box.unlock()
    return read, done


def open_mailbox(maildir=None, mbox=None):
    if maildir:
        return mailbox.Maildir(maildir, create=False)
    return mailbox.mbox(mbox, create=False)
