import logging

from django_tasks import task

logger = logging.getLogger(__name__)


# Its own queue and worker (make run, deploy/): a narration takes minutes of CPU, and
# nothing else (search indexing, purges, emails, webhooks) may wait behind a batch of them.
@task(queue_name="narration")
def narrate_article_task(page_id):
    """Narrate one article as it is published now. Safe to run twice (services.do_narrate
    skips text it already narrated and runs another worker is on)."""
    from . import services

    services.do_narrate(page_id)
