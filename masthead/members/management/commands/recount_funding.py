from django.core.management.base import BaseCommand

from masthead.members import campaigns
from masthead.members.models import Membership, Supporter


class Command(BaseCommand):
    help = (
        "Set the supporter total and every campaign's count again from their rows, adding "
        "readers who were members before counting began. Idempotent; never needed per view."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write(
                f"{Supporter.objects.count()} supporter row(s); "
                f"{Membership.objects.count()} membership(s)"
            )
            return
        self.stdout.write(f"{campaigns.do_recount()} supporter(s)")
