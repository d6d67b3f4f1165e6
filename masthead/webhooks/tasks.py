import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def deliver_webhook_task(delivery_id):
    """One attempt at delivery `delivery_id`. Safe to run twice: a delivery that already
    succeeded, was abandoned or is not yet due is skipped (services.do_attempt_delivery)."""
    from . import services

    services.do_attempt_delivery(delivery_id)


@task()
def prune_webhook_deliveries_task():
    """Hourly upkeep, queued by emit(): delete deliveries older than WEBHOOK_LOG_DAYS and
    queue again any delivery whose task was lost. Idempotent."""
    from . import services

    services.do_prune_deliveries()
    services.do_requeue_overdue()
