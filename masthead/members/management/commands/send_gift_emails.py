from django.core.management.base import BaseCommand
from django.utils import timezone

from masthead.members import gifts
from masthead.members.models import Gift


class Command(BaseCommand):
    help = (
        "Email gift memberships whose delivery date has come, and remind recipients whose "
        "gift ends within MEMBERS_GIFT_REMINDER_DAYS. Run every few minutes; safe any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = Gift.objects.filter(
                status=Gift.Status.PAID,
                delivery=Gift.Delivery.EMAIL,
                deliver_on__lte=timezone.localdate(),
            ).count()
            self.stdout.write(f"{due} gift(s) would be delivered")
            return
        delivered, reminded = gifts.do_send_due()
        self.stdout.write(f"{delivered} gift(s) delivered, {reminded} reminder(s) sent")
