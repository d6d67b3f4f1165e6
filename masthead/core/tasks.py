"""The one way to enqueue a background task for after the current transaction commits.

Tasks take ids and re-fetch (the row must exist when the worker looks), so they are
enqueued only once the change is committed; outside a transaction they are enqueued at
once. A failure to enqueue is logged and never undoes the committed change (`robust`; pass
`robust=False` to let it raise).
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, run_after=None, queue_name=None, robust=True, **kwargs):
    """Enqueue `task(*args, **kwargs)` after commit, optionally not before `run_after`
    (a datetime) or on another queue. Returns nothing: the result would not exist yet."""

    def enqueue():
        configured = task
        options = {}
        if run_after is not None:
            options["run_after"] = run_after
        if queue_name is not None:
            options["queue_name"] = queue_name
        if options:
            configured = task.using(**options)
        configured.enqueue(*args, **kwargs)

    transaction.on_commit(enqueue, robust=robust)
