from django.core.management.base import BaseCommand

from masthead.members.models import FundingCounter, Membership, Supporter
from masthead.payments import donations


class Command(BaseCommand):
    help = (
        "Set every reader-funding counter again from the records: the supporter total, each "
        "campaign, the member count, and joins, departures, gifts, donations and recurring "
        "revenue by month (the reports read these). Run once on an install with history; "
        "idempotent; never needed per page view."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write(
                f"{Supporter.objects.count()} supporter row(s), "
                f"{Membership.objects.count()} membership(s), "
                f"{FundingCounter.objects.count()} counter(s)"
            )
            return
        self.stdout.write(f"{donations.do_recount()} supporter(s); counters set again")
