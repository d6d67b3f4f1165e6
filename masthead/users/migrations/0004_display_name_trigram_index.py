"""A trigram index on readers' display names, on PostgreSQL only: the members list's
search by name (several words) is `icontains`, which pg_trgm's GIN index serves at a
million readers. SQLite keeps no such index (a newsroom on SQLite has few readers).
The index is not in the model's Meta: Django cannot declare an index for one database
vendor only."""

from django.db import migrations

INDEX = "users_display_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON users_user "
        # The expression Django's icontains compares on PostgreSQL.
        "USING gin ((upper(display_name::text)) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("users", "0003_email_prefix_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
