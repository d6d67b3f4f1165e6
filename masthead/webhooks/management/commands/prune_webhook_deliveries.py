from django.core.management.base import BaseCommand

from masthead.webhooks import services


class Command(BaseCommand):
    help = (
        "Delete webhook deliveries older than WEBHOOK_LOG_DAYS (7) days. Idempotent; "
        "emitting events also queues this at most once an hour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep this many days.")

    def handle(self, *args, days=None, **options):
        deleted = services.do_prune_deliveries(days=days)
        if options["verbosity"]:
            self.stdout.write(f"Deleted {deleted} webhook deliveries.")
