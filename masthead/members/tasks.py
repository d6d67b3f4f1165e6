"""Background work of members: gift deliveries and reminders. Each task takes ids,
re-fetches and is safe to run twice (the services claim their row with a conditional
UPDATE before any email goes)."""

from django_tasks import task

from . import gifts


@task()
def deliver_gift_task(gift_id):
    """Email a gift's recipient on its delivery date (enqueued with run_after)."""
    return gifts.do_deliver_gift(gift_id)


@task()
def send_gift_emails_task():
    """The periodic scan: deliveries that are due and reminders before a gift ends."""
    return gifts.do_send_due()
