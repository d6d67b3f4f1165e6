from django.core.management.base import BaseCommand

from masthead.audio import services
from masthead.audio.models import Narration


class Command(BaseCommand):
    help = (
        "Queue narrations of the newest live articles (the task worker makes them). "
        "`make run` uses --if-none so a new newsroom hears its first articles within minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--newest", type=int, default=10, help="How many articles.")
        parser.add_argument(
            "--if-none", action="store_true", help="Do nothing if any narration exists."
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be queued.")

    def handle(self, *args, newest, if_none, dry_run, **options):
        if if_none and Narration.objects.exists():
            self.stdout.write("Narrations exist; nothing queued.")
            return
        if dry_run:
            from masthead.articles import queries

            titles = queries.published().order_by("-published_at").values_list("title", flat=True)
            for title in titles[:newest]:
                self.stdout.write(f"would narrate: {title}")
            return
        queued = services.do_request_newest(newest)
        self.stdout.write(f"Queued {len(queued)} narrations; the task worker makes them.")
