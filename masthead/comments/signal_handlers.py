"""The comment settings change what every article's thread shows (who may post, the
guidelines): a save purges the page cache, which also makes every fragment unreachable."""

from django.db import transaction
from django.db.models.signals import post_save

from masthead.core import pagecache

from .models import CommentSettings


def settings_saved(sender, instance, **kwargs):
    transaction.on_commit(pagecache.purge_all)


def connect():
    post_save.connect(
        settings_saved, sender=CommentSettings, dispatch_uid="comments.settings_saved"
    )
