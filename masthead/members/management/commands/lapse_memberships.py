from django.core.management.base import BaseCommand

from masthead.members import services
from masthead.members.models import Membership


class Command(BaseCommand):
    help = (
        "Lapse memberships whose grace period ran out (past due) or whose paid period ended "
        "more than MEMBERS_GRACE_DAYS ago. Run daily; safe to run any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = Membership.objects.filter(services.overdue_q()).count()
            self.stdout.write(f"{count} membership(s) would lapse")
            return
        self.stdout.write(f"{services.do_lapse_overdue()} membership(s) lapsed")
