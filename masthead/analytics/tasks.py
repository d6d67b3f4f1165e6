from django_tasks import task

from . import scheduling, services


@task()
def flush_analytics_task(chain=""):
    """Count the buffered hits (services.do_flush: safe to run twice, or beside itself),
    then queue the next run of this chain (scheduling.py)."""
    try:
        report = services.do_flush()
    finally:
        scheduling.continue_chain(chain)
    return {"segments": report.segments, "hits": report.hits, "failed": report.failed}
