"""Write the search table again from the articles and Wagtail's index (PostgreSQL)."""

from django.core.management.base import BaseCommand
from django.db import connection

from masthead.search import services


class Command(BaseCommand):
    help = (
        "Rebuild the search table (one entry per live, published, indexed article) from the "
        "articles and Wagtail's search index. PostgreSQL keeps it current by itself; run this "
        "after restoring a database or an import that bypassed Wagtail, after `update_index`. "
        "Does nothing on other databases."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many entries there are now.",
        )

    def handle(self, *args, dry_run=False, **options):
        if not services.uses_search_table():
            self.stdout.write("The search table is used on PostgreSQL only; nothing to do.")
            return
        if dry_run:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM masthead_search_entry")
                now = cursor.fetchone()[0]
            self.stdout.write(f"{now} search entries now; --dry-run: nothing written.")
            return
        count = services.do_rebuild_search_entries()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE masthead_search_entry")
        self.stdout.write(f"{count} search entries written.")
