"""Article events (seams contract §3). SHIM by the newsletters branch: the seams helper's
version replaces this file at merge and is the one that sends these signals, once per
change, after commit. Receivers get article_id, was_live, is_live, urls_before,
urls_after, section_id, revision_id (+ **kwargs)."""

from django.dispatch import Signal

article_published = Signal()
article_updated = Signal()
article_unpublished = Signal()
article_moved = Signal()
article_deleted = Signal()
