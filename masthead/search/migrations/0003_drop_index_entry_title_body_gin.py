"""Drop migration 0001's GIN index on Wagtail's index table (PostgreSQL).

Search reads its own table since migration 0002, with its own GIN indexes; the index on
`title || body` of `wagtailsearch_indexentry` was read only by the query that table
replaced, and indexing a page still paid for keeping it up to date.
"""

from django.db import migrations

INDEX = "masthead_search_title_body_gin"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {schema_editor.quote_name(table)}"
        " USING gin ((title || body))"
    )


class Migration(migrations.Migration):
    dependencies = [("masthead_search", "0002_search_entry")]

    operations = [migrations.RunPython(drop, create, elidable=False)]
