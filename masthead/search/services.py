"""Writes of the search app: its search table (models.SearchEntry), on PostgreSQL.

PostgreSQL keeps the table in step with Wagtail's index by itself (a trigger, migration
0002). What the index entry does not change with is written here: publishing and
unpublishing (an entry exists only for a live, published article) and moving an article
to another section. Elsewhere the table is not used, and these do nothing.
"""

import logging

from django.db import connection, transaction

logger = logging.getLogger(__name__)


def uses_search_table():
    return connection.vendor == "postgresql"


def do_refresh_search_entries(article_ids):
    """Write the search entry of each of these articles from its current rows and its
    Wagtail index entry; delete it when the article is not live and published, or not
    indexed (yet: the trigger writes it when Wagtail indexes it). Safe to run twice."""
    ids = [int(pk) for pk in article_ids]
    if not ids or not uses_search_table():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT masthead_search_refresh(%s::integer[])", [ids])


@transaction.atomic
def do_rebuild_search_entries():
    """Write every article's search entry again (after restoring a database, or when in
    doubt). Returns how many entries there are."""
    if not uses_search_table():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT masthead_search_refresh(ARRAY(SELECT page_ptr_id FROM articles_articlepage))"
        )
        cursor.execute("SELECT count(*) FROM masthead_search_entry")
        count = cursor.fetchone()[0]
    logger.info("rebuilt %d search entries", count)
    return count
