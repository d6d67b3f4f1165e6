"""Signed tokens in email links: no login, nothing stored, and altering one breaks it.

- confirm: a subscriber and the lists they asked for; expires (NEWSLETTER_CONFIRM_MAX_AGE).
- manage: a subscriber's preference page; never expires, so old emails keep working.
- unsubscribe: one subscriber from one list (or from all: newsletter id 0).
"""

from django.core import signing

from . import conf

CONFIRM_SALT = "newsletters.confirm"
MANAGE_SALT = "newsletters.manage"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"

BadToken = signing.BadSignature


def make_confirm(subscriber_id, newsletter_ids):
    return signing.dumps([subscriber_id, sorted(newsletter_ids)], salt=CONFIRM_SALT)


def read_confirm(token):
    """(subscriber id, [newsletter ids]); raises BadToken (SignatureExpired included)."""
    subscriber_id, newsletter_ids = signing.loads(
        token, salt=CONFIRM_SALT, max_age=conf.get("NEWSLETTER_CONFIRM_MAX_AGE")
    )
    return int(subscriber_id), [int(pk) for pk in newsletter_ids]


_manage = signing.Signer(salt=MANAGE_SALT)
_unsubscribe = signing.Signer(salt=UNSUBSCRIBE_SALT)


def make_manage(subscriber_id):
    return _manage.sign(str(subscriber_id))


def read_manage(token):
    return int(_manage.unsign(token))


def make_unsubscribe(subscriber_id, newsletter_id):
    return _unsubscribe.sign(f"{subscriber_id}.{newsletter_id or 0}")


def read_unsubscribe(token):
    """(subscriber id, newsletter id or None for every list)."""
    subscriber_id, newsletter_id = _unsubscribe.unsign(token).split(".")
    return int(subscriber_id), int(newsletter_id) or None
