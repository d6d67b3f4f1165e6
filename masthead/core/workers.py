"""Crash recovery for the database task queue (django-tasks-db's `db_worker`).

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
if that worker dies (kill -9, out of memory, a lost machine) the task stays RUNNING for
ever. So every worker started by `manage.py db_worker` (our command, which wraps
django-tasks-db's) beats: a `WorkerBeat` row with its id, refreshed every
`TASKS_HEARTBEAT` seconds by a thread, deleted when it stops. A RUNNING task whose worker
has not beaten for `TASKS_WORKER_DEAD_AFTER` seconds is put back to READY, whatever its
queue, and the next free worker of that queue runs it again (tasks are safe to run twice).

Why beats and not a timeout on the claim: a narration may run for many minutes. A
claimed-at timeout either re-runs a long, healthy task beside itself, or is so long that a
crash waits for it. A beat says the worker is alive whatever the length of its task, so a
crash is recovered within about a minute and a slow task is never doubled.

Who recovers: every worker, at start and every `TASKS_RECOVER_EVERY` seconds, from the
beat thread, for every queue (a default-queue worker rescues narration's tasks and the
other way round), and `manage.py requeue_stuck_tasks` by hand. With several workers at
once this stays safe: a task is put back by a conditional UPDATE (still RUNNING, same
claim time), so only one of them requeues it. A task whose workers died
`TASKS_MAX_CLAIMS` times (one that kills its worker, e.g. by running out of memory) is
marked failed instead of looping. A task claimed by a worker that never beat (a
django-tasks-db worker started some other way) is requeued once it has been running for
`TASKS_STUCK_AFTER` seconds.
"""

import datetime
import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

# Sent by every beat of a running worker (worker_id, queues: the queue names it serves),
# from its beat thread. For work that must keep going whether or not a request arrives:
# analytics keeps its flush chain alive by it (nginx counts the beacons, so the app may
# never see one).
worker_beat = Signal()

logger = logging.getLogger(__name__)

# The id of the db_worker running in this process ("" elsewhere): work claimed here
# (a narration) records it, so others can tell whether the claim is still alive.
_current = {"worker_id": ""}


class WorkerDied(Exception):
    """Recorded on a task whose workers died every time they ran it."""


def current_worker_id():
    return _current["worker_id"]


def _seconds(name):
    return datetime.timedelta(seconds=getattr(settings, name))


def live_worker_ids(now=None):
    """A queryset of the ids of workers that beat recently (usable as a subquery)."""
    since = (now or timezone.now()) - _seconds("TASKS_WORKER_DEAD_AFTER")
    return WorkerBeat.objects.filter(beat_at__gte=since).values("worker_id")


def is_alive(worker_id, now=None):
    return bool(worker_id) and live_worker_ids(now).filter(worker_id=worker_id).exists()


@dataclass
class Stuck:
    task: DBTaskResult
    worker_id: str
    reason: str

    @property
    def give_up(self):
        return len(self.task.worker_ids) >= settings.TASKS_MAX_CLAIMS


def stuck_tasks(now=None):
    """RUNNING tasks left behind by a dead worker, oldest first."""
    now = now or timezone.now()
    running = list(DBTaskResult.objects.running().order_by("started_at"))
    claimants = {task.worker_ids[-1] for task in running if task.worker_ids}
    beats = dict(
        WorkerBeat.objects.filter(worker_id__in=claimants).values_list("worker_id", "beat_at")
    )
    dead_before = now - _seconds("TASKS_WORKER_DEAD_AFTER")
    stuck_before = now - _seconds("TASKS_STUCK_AFTER")
    found = []
    for task in running:
        worker_id = task.worker_ids[-1] if task.worker_ids else ""
        beat = beats.get(worker_id)
        if beat is not None:
            if beat < dead_before:
                found.append(Stuck(task, worker_id, f"its worker last beat at {beat:%H:%M:%S}"))
        elif task.started_at is None or task.started_at < stuck_before:
            found.append(Stuck(task, worker_id, "its worker has no beat; running too long"))
    return found


def requeue(stuck):
    """Put one stuck task back in its queue (or fail it after TASKS_MAX_CLAIMS crashed
    runs). False when it changed meanwhile (finished, or another worker got there)."""
    task = stuck.task
    claim = DBTaskResult.objects.filter(
        pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
    )
    if stuck.give_up:
        changed = claim.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerDied.__module__}.{WorkerDied.__qualname__}",
            traceback=f"WorkerDied: {len(task.worker_ids)} workers died running this task.\n",
        )
        if changed:
            logger.error("task %s (%s) failed: its workers kept dying", task.pk, task.task_path)
        return bool(changed)
    changed = claim.update(status=TaskResultStatus.READY)
    if changed:
        logger.warning(
            "requeued task %s (%s, queue %s): %s",
            task.pk,
            task.task_path,
            task.queue_name,
            stuck.reason,
        )
    return bool(changed)


def recover(now=None):
    """Requeue every stuck task and forget dead workers. Returns the tasks requeued or
    failed."""
    now = now or timezone.now()
    done = [stuck for stuck in stuck_tasks(now) if requeue(stuck)]
    WorkerBeat.objects.filter(beat_at__lt=now - _seconds("TASKS_WORKER_DEAD_AFTER")).delete()
    return done


def beat(worker_id, queues, started_at):
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"beat_at": now},
        create_defaults={
            "beat_at": now,
            "queues": queues[:255],
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
        },
    )


class Heart:
    """Beats for one worker from a daemon thread and recovers stuck tasks now and then.
    Dies with its process, which is the point."""

    def __init__(self, worker_id, queues):
        self.worker_id = worker_id
        self.queues = queues
        self.started_at = timezone.now()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name="task-worker-beat", daemon=True)

    def __enter__(self):
        _current["worker_id"] = self.worker_id
        self.once(recover_now=True)  # before the first claim: a restart rescues at once
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(timeout=5)
        _current["worker_id"] = ""
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()

    def once(self, recover_now):
        try:
            beat(self.worker_id, self.queues, self.started_at)
            if recover_now:
                recover()
        except Exception:  # a missed beat must not stop the beating (or the worker)
            logger.exception("task worker %s could not beat", self.worker_id)
        for _receiver, error in worker_beat.send_robust(
            Heart, worker_id=self.worker_id, queues=self.queues
        ):
            if isinstance(error, Exception):
                logger.error("task worker %s: a beat receiver failed: %r", self.worker_id, error)

    def run(self):
        interval = settings.TASKS_HEARTBEAT
        every = max(1, round(settings.TASKS_RECOVER_EVERY / interval))
        beats = 0
        try:
            while not self.stopped.wait(interval):
                beats += 1
                close_old_connections()
                self.once(recover_now=beats % every == 0)
        finally:
            connection.close()
