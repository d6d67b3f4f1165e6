import time

from django.core.management.base import BaseCommand, CommandError

from masthead.payments import handlers, services, stripe_api
from masthead.payments.models import StripeEvent


class Command(BaseCommand):
    help = (
        "List recent events from Stripe's API and replay those we missed or failed to "
        "handle (webhooks lost in an outage). Events already handled are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since-hours",
            type=int,
            default=72,
            help="How far back to look (Stripe keeps 30 days).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List what would be replayed.")

    def handle(self, *args, since_hours=72, dry_run=False, **options):
        if not stripe_api.is_configured():
            raise CommandError("STRIPE_SECRET_KEY is not set.")
        stripe = stripe_api.client()
        since = int(time.time()) - since_hours * 3600
        events = stripe.Event.list(created={"gte": since}, types=list(handlers.HANDLERS), limit=100)
        listed = [stripe_api.as_dict(event) for event in events.auto_paging_iter()]
        done = set(
            StripeEvent.objects.filter(
                stripe_id__in=[event["id"] for event in listed],
                status__in=[StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED],
            ).values_list("stripe_id", flat=True)
        )
        missed = [event for event in listed if event["id"] not in done]
        # Oldest first, as Stripe would have delivered them.
        missed.sort(key=lambda event: (event["created"], event["id"]))
        failed = 0
        for event in missed:
            if dry_run:
                self.stdout.write(f"would replay {event['id']} {event['type']}")
                continue
            row = services.do_receive_event(event)
            failed += row.status == StripeEvent.Status.FAILED
            self.stdout.write(f"replayed {event['id']} {event['type']}: {row.status}")
        verb = "would replay" if dry_run else "replayed"
        self.stdout.write(f"{len(missed)} event(s) {verb}, {failed} failed")
        if failed:
            raise CommandError(f"{failed} event(s) failed; see their handler_error")
