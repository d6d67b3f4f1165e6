"""Send newsletters: start scheduled issues, freeze audiences, send deliveries.

The same work the tasks do (start_send_task, send_issue_task), as one long-running
process: run one or more beside the task workers for big sends. SIGTERM or SIGINT stop
it gracefully: the message in flight is finished and recorded, the rest of its batch is
handed back, so a restart sends no duplicate.
"""

import signal
import time

from django.core.management.base import BaseCommand

from masthead.newsletters import sending
from masthead.newsletters.models import Issue


class Command(BaseCommand):
    help = "Send newsletter issues that are due or sending (stop with SIGTERM)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--until-idle", action="store_true", help="Exit when nothing is sending."
        )
        parser.add_argument("--poll", type=float, default=2.0, help="Seconds between looks.")
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="Parallel sending lanes (default NEWSLETTER_SEND_THREADS).",
        )
        parser.add_argument(
            "--claim-timeout",
            type=float,
            default=None,
            help="Seconds after which a silent worker's rows are taken back "
            "(default NEWSLETTER_CLAIM_TIMEOUT).",
        )

    def handle(self, *args, until_idle, poll, batch_size, claim_timeout, threads, **options):
        self.stopping = False

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        sent = 0
        while not self.stopping:
            sending.start_due()
            issues = list(
                Issue.objects.filter(status=Issue.Status.SENDING).values_list("pk", flat=True)
            )
            for issue_id in issues:
                if self.stopping:
                    break
                sending.freeze_audience(issue_id)
                sent += sending.send_pending(
                    issue_id,
                    should_stop=lambda: self.stopping,
                    batch_size=batch_size,
                    claim_timeout=claim_timeout,
                    threads=threads,
                )
            if until_idle and not Issue.objects.filter(status=Issue.Status.SENDING).exists():
                break
            if not self.stopping:
                time.sleep(poll)
        self.stdout.write(f"sent {sent}")
