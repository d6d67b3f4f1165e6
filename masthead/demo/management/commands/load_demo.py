"""Build The Meridian Ledger, an invented demo newsroom, in this database."""

import logging
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from masthead.demo.build import ADMIN_EMAIL, DEFAULT_ARTICLES, STAFF, Builder


class Command(BaseCommand):
    help = (
        "Create the demo newsroom: site, sections, authors, standing pages, forms, settings, "
        "users and articles with locally drawn pictures. Safe to run again: it adds only what is "
        "missing, and --articles N tops the archive up to N articles (beyond --rich they are "
        "bulk-inserted, for benchmarks)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=DEFAULT_ARTICLES,
            help=f"Total number of articles the demo should have (default {DEFAULT_ARTICLES}).",
        )
        parser.add_argument(
            "--rich",
            type=int,
            default=DEFAULT_ARTICLES,
            help=(
                "How many of them to create one by one through Wagtail, with revisions and search "
                f"index entries (default {DEFAULT_ARTICLES}); the rest are bulk-inserted."
            ),
        )

        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has a home page (used by `make run`, so a "
            "real newsroom's database never gets demo content).",
        )

    def handle(self, *args, articles, rich, verbosity, if_empty=False, **options):
        if articles < 0 or rich < 0:
            raise CommandError("--articles and --rich must not be negative.")
        if if_empty:
            from masthead.pages.models import HomePage

            if HomePage.objects.exists():
                if verbosity:
                    self.stdout.write("The site already has a home page; not loading the demo.")
                return
        started = time.monotonic()
        quiet = verbosity == 0

        def progress(iterable=None, **kwargs):
            return tqdm(
                iterable,
                disable=quiet,
                file=getattr(self.stderr, "_out", sys.stderr),
                leave=False,
                **kwargs,
            )

        def log(message):
            if not quiet:
                self.stdout.write(message)

        # Wagtail logs every page it publishes and django_tasks every task it runs;
        # hundreds of lines would bury the summary.
        loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.WARNING)
        # Publishing the demo must not queue a narration for every article: `make run`
        # asks for the newest ten (narrate_articles --newest 10), so they come first.
        narration_auto = getattr(settings, "NARRATION_AUTO", False)
        settings.NARRATION_AUTO = False
        try:
            report = Builder(log=log, progress=progress).run(articles=articles, rich=rich)
        finally:
            settings.NARRATION_AUTO = narration_auto
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)

        if quiet:
            return
        nothing_new = not any(report.created.values())
        if nothing_new:
            self.stdout.write(
                self.style.SUCCESS("The demo newsroom is already here; nothing to add.")
            )
        for what in report.created:
            created, existing = report.created[what], report.existing.get(what, 0)
            if created or existing:
                line = f"  {what}: {created} created" + (
                    f", {existing} already there" if existing else ""
                )
                self.stdout.write(line)
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
        self.stdout.write(f"Admin: {settings.SITE_URL}/admin/")
        if report.admin_created:
            self.stdout.write(f"  superuser {ADMIN_EMAIL} / {report.password}")
        else:
            self.stdout.write(f"  superuser {ADMIN_EMAIL} (existing account, password unchanged)")
        staff = ", ".join(email for email, *_ in STAFF)
        self.stdout.write(
            f"  staff: {staff} (password {report.password} when created by this command)"
        )
