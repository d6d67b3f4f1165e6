"""Write nginx's includes for the pages served as files (core/pagefiles.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from masthead.core import pagefiles


class Command(BaseCommand):
    help = (
        "Write the two nginx includes of deploy/nginx.conf.template for the pages the page "
        "cache writes as files: pagefiles-http.conf (which requests may get a file, and "
        "where) and pagefiles-location.conf (their root and headers), from the settings. "
        "Run it again and reload nginx after changing security headers, cache lifetimes "
        "or PAGE_CACHE_EXCLUDE: until then nginx finds no files and asks the app."
    )

    def add_arguments(self, parser):
        parser.add_argument("output_dir", help="Where to write the two files.")

    def handle(self, *args, output_dir, **options):
        if not settings.PAGE_CACHE_FILES_ROOT:
            raise CommandError("PAGE_CACHE_FILES_ROOT is not set: no pages are written as files.")
        out = Path(output_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "pagefiles-http.conf").write_text(pagefiles.nginx_http_conf())
        (out / "pagefiles-location.conf").write_text(pagefiles.nginx_location_conf())
        pagefiles.root().mkdir(parents=True, exist_ok=True)
        self.stdout.write(
            f"wrote {out}/pagefiles-http.conf and pagefiles-location.conf "
            f"(tree {pagefiles.tree()} under {pagefiles.root()})"
        )
