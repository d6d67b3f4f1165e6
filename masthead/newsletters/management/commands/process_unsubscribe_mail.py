"""Read the unsubscribe@ mailbox: each message's signed token unsubscribes its reader
from its list (mail_unsubscribe.py says why the token is enough). Messages read are
removed, so it is safe to run every minute from cron."""

from django.core.management.base import BaseCommand, CommandError

from masthead.newsletters import mail_unsubscribe


class Command(BaseCommand):
    help = "Unsubscribe the readers whose mail to the List-Unsubscribe address waits in a mailbox."

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--maildir", help="A Maildir directory (cur/new/tmp).")
        where.add_argument("--mbox", help="An mbox file.")

    def handle(self, *args, maildir=None, mbox=None, **options):
        try:
            box = mail_unsubscribe.open_mailbox(maildir=maildir, mbox=mbox)
        except OSError as error:
            raise CommandError(f"Cannot open the mailbox: {error}") from error
        read, done = mail_unsubscribe.process_mailbox(box)
        self.stdout.write(f"{read} messages read, {done} unsubscribed")
