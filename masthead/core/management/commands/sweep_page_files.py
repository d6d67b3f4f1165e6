"""Sweep the pages written as files for nginx (core/pagefiles.py)."""

from django.core.management.base import BaseCommand

from masthead.core import pagefiles


class Command(BaseCommand):
    help = (
        "Remove page files older than PAGE_CACHE_FILES_MAX_AGE seconds (the next request "
        "renders the page once and writes it again), then the oldest beyond "
        "PAGE_CACHE_FILES_MAX pages, and what a crash left. Run it every minute "
        "(deploy/systemd/masthead-sweep-page-files.timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=None, help="Seconds.")
        parser.add_argument("--max-pages", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args, max_age, max_pages, dry_run, **options):
        kept, removed = pagefiles.sweep(max_age=max_age, max_pages=max_pages, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(f"{verb} {removed} page(s), {kept} kept.")
