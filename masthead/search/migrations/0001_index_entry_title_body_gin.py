"""A GIN index on the headline and body vectors together, on PostgreSQL.

Wagtail indexes each vector alone; a query that needs all of its words in either one
(a word in the headline, another in the body) filters on `title || body`, which without
this index reads every row. Nothing to do on other databases.
"""

from django.db import migrations

INDEX = "masthead_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {schema_editor.quote_name(table)}"
        " USING gin ((title || body))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
