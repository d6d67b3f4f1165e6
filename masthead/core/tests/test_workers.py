"""Crash recovery of the task queue (core/workers.py): which RUNNING tasks count as left
behind, requeueing them once with several workers at it, giving up on a task that keeps
killing its workers, and `manage.py requeue_stuck_tasks`. The real kill -9 of a worker is
in masthead/audio/tests/test_crash_recovery.py."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from masthead.core import workers
from masthead.core.models import WorkerBeat

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def running(worker_ids, started=5, queue="narration"):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [7], "kwargs": {}},
        task_path="masthead.audio.tasks.narrate_article_task",
        queue_name=queue,
        backend_name="default",
        run_after=timezone.now(),
        started_at=ago(started),
        worker_ids=worker_ids,
    )


def beat(worker_id, seconds_ago):
    WorkerBeat.objects.create(
        worker_id=worker_id,
        queues="*",
        host="here",
        pid=1,
        started_at=ago(3600),
        beat_at=ago(seconds_ago),
    )


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_TASKS
    settings.TASKS_WORKER_DEAD_AFTER = 60
    settings.TASKS_STUCK_AFTER = 3600
    settings.TASKS_MAX_CLAIMS = 3


def test_only_tasks_of_dead_workers_are_stuck(queue):
    beat("alive", 5)
    beat("dead", 120)
    long_but_alive = running(["alive"], started=7200)
    killed = running(["dead"])
    unknown_fresh = running(["never-beat"], started=60)
    unknown_old = running(["never-beat"], started=7200)

    stuck = {item.task.pk: item for item in workers.stuck_tasks()}

    assert set(stuck) == {killed.pk, unknown_old.pk}
    assert long_but_alive.pk not in stuck and unknown_fresh.pk not in stuck
    assert "last beat" in stuck[killed.pk].reason


def test_recovery_requeues_once_and_forgets_dead_workers(queue):
    beat("dead", 120)
    task = running(["dead"])
    [stuck] = workers.stuck_tasks()

    assert workers.requeue(stuck) is True
    assert workers.requeue(stuck) is False  # a second worker recovering at the same time
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()  # any queue's worker runs it

    assert workers.recover() == []
    assert not WorkerBeat.objects.exists()


def test_a_task_finished_meanwhile_is_left_alone(queue):
    beat("dead", 120)
    task = running(["dead"])
    [stuck] = workers.stuck_tasks()
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.SUCCESSFUL)

    assert workers.requeue(stuck) is False
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL


def test_a_task_that_keeps_killing_its_workers_fails(queue):
    beat("third", 120)
    task = running(["first", "second", "third"])

    [done] = workers.recover()

    assert done.give_up
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "masthead.core.workers.WorkerDied"


def test_the_command_lists_with_dry_run_and_requeues_without(queue):
    beat("dead", 120)
    beat("alive", 1)
    task = running(["dead"])
    out = io.StringIO()

    call_command("requeue_stuck_tasks", dry_run=True, stdout=out)

    assert f"would requeue: {task.pk} masthead.audio.tasks.narrate_article_task(7,)" in (
        out.getvalue()
    )
    assert "queue=narration" in out.getvalue() and "worker=dead" in out.getvalue()
    assert "1 stuck task(s); 1 live worker(s)." in out.getvalue()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING

    out = io.StringIO()
    call_command("requeue_stuck_tasks", stdout=out)
    assert f"requeued: {task.pk}" in out.getvalue()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY


def test_a_worker_beats_while_it_runs_and_clears_its_beat_when_it_stops(queue):
    with workers.Heart("w1", "default,narration"):
        assert workers.current_worker_id() == "w1"
        assert workers.is_alive("w1")
        assert WorkerBeat.objects.get(worker_id="w1").queues == "default,narration"
    assert workers.current_worker_id() == ""
    assert not WorkerBeat.objects.exists()
