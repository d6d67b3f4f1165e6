import time

from django.core.management.base import BaseCommand

from masthead.analytics import services


class Command(BaseCommand):
    help = (
        "Count the buffered beacon hits into the hourly figures, prune, refresh the most "
        "popular lists (the task workers do this every ANALYTICS_FLUSH_INTERVAL seconds)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Also count the segments still being written (quiet servers, tests).",
        )

    def handle(self, *args, all, **options):
        started = time.monotonic()
        report = services.do_flush(everything=all)
        self.stdout.write(
            f"counted {report.hits} hits from {report.segments} segments"
            f" ({report.skipped} already counted, {report.failed} failed)"
            f" in {time.monotonic() - started:.2f} s"
        )
        if report.failed:
            raise SystemExit(1)
