"""The flush runs every ANALYTICS_FLUSH_INTERVAL seconds on the task workers: the flush
task queues its next run (`run_after`, as newsletters' sends and webhooks' retries come
back later), so one chain of tasks keeps going as long as hits arrive.

Who starts a chain: the beacon, at most once per interval per server process, when no
chain has marked itself alive in the shared cache (CHAIN_KEY, renewed by each run for four
intervals). A chain whose token is no longer the marked one stops, so two chains started
at once (the file cache's `add` is not atomic across processes) become one at the next run.
With a backend that cannot defer (the tests' immediate one) nothing is chained: run
`manage.py flush_analytics` (or a timer, deploy/systemd) instead.
"""

import datetime
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

CHAIN_KEY = "analytics:flush-chain"
_next_check = [0.0]


def _interval():
    return settings.ANALYTICS_FLUSH_INTERVAL


def ensure_flush_scheduled():
    now = time.monotonic()
    if now < _next_check[0]:
        return
    _next_check[0] = now + _interval()
    token = secrets.token_hex(8)
    try:
        if cache.add(CHAIN_KEY, token, timeout=4 * _interval()):
            _enqueue(token)
    except Exception:  # the database is down: the hits wait in the buffer
        logger.exception("analytics: could not schedule the flush")


def continue_chain(token):
    """Queue the next run of this chain, unless another chain has taken over."""
    if not token or cache.get(CHAIN_KEY) != token:
        return False
    cache.set(CHAIN_KEY, token, timeout=4 * _interval())
    return _enqueue(token)


def _enqueue(token):
    from .tasks import flush_analytics_task

    if not flush_analytics_task.get_backend().supports_defer:
        return False
    when = timezone.now() + datetime.timedelta(seconds=_interval())
    flush_analytics_task.using(run_after=when).enqueue(token)
    return True
