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
            help="Also count the segments still being written, and nginx's log being "
            "written (quiet servers, tests, benchmarks).",
        )

    def handle(self, *args, all, **options):
        started, cpu = time.monotonic(), time.process_time()
        report = services.do_flush(everything=all)
        self.stdout.write(
            f"counted {report.hits} hits from {report.segments} segments"
            f" ({report.skipped} already counted, {report.failed} failed)"
            f" in {time.monotonic() - started:.2f} s ({time.process_time() - cpu:.2f} s CPU)"
        )
        if report.failed:
            raise SystemExit(1)
