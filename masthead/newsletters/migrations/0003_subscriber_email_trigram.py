"""A trigram index on subscribers' email, on PostgreSQL only: the admin's search for any
part of an address (`LIKE '%part%'`) at a million subscribers. Built CONCURRENTLY, so a
live site keeps taking signups while it builds (hence atomic = False). SQLite has no
such index; its searches scan, which is fine at the embedded default's size."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS newsletters_subscriber_email_trgm"
    " ON newsletters_subscriber USING gin (email gin_trgm_ops)",
]
DROP = ["DROP INDEX CONCURRENTLY IF EXISTS newsletters_subscriber_email_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("newsletters", "0002_subscriber_admin")]

    operations = [migrations.RunPython(run(CREATE), run(DROP), elidable=False)]
