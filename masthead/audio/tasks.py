import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def narrate_article_task(page_id):
    """Narrate one article as it is published now. Safe to run twice (services.do_narrate
    skips text it already narrated and runs another worker is on)."""
    from . import services

    services.do_narrate(page_id)
