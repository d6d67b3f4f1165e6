"""A narration survives its task worker being killed: real `db_worker` processes on the
test database, one killed with SIGKILL in the middle of a narration, another started
after it. PostgreSQL only: the workers are other processes, and the SQLite test database
lives in this process's memory."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from masthead.audio import services
from masthead.audio.models import Narration
from masthead.core.models import WorkerBeat

from . import worker_settings
from .conftest import Desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = " ".join(
    f"Paragraph {n} of the report says the ferry ran late again on the river crossing."
    for n in range(1, 13)
)


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(name, log_dir):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.audio.tests.worker_settings",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    with open(log_dir / f"{name}.log", "wb") as log:
        return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name=*",
                "--interval=0.1",
                "--no-startup-delay",
                "--no-reload",
                f"--worker-id={name}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, timeout, what, logs):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    output = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs.glob("*.log"))
    pytest.fail(f"timed out waiting for {what}\n{output}")


def test_a_narration_killed_with_its_worker_finishes_after_a_restart(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("real worker processes need a database they can share (PostgreSQL)")
    settings.TASKS = worker_settings.TASKS
    settings.NARRATION_ENGINE = worker_settings.NARRATION_ENGINE
    desk = Desk()
    page = desk.article(body=BODY)
    services.do_request_narration(page)
    [task] = DBTaskResult.objects.filter(task_path__endswith="narrate_article_task")

    def narration():
        return Narration.objects.get(page=page)

    workers = [start_worker("first", tmp_path)]
    try:
        wait_for(
            lambda: narration().status == Narration.Status.RUNNING, 60, "the first run", tmp_path
        )
        time.sleep(0.5)  # into the slow engine's chunks
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)

        # What the crash leaves: the task and the narration held by a dead worker.
        task.refresh_from_db()
        assert task.status == TaskResultStatus.RUNNING and task.worker_ids == ["first"]
        assert narration().status == Narration.Status.RUNNING
        assert narration().claimed_by == "first" and not narration().audio

        workers.append(start_worker("second", tmp_path))
        wait_for(lambda: narration().status == Narration.Status.DONE, 90, "the rerun", tmp_path)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["first", "second"]
    done = narration()
    assert done.claimed_by == "second" and done.engine == "slow-tone"
    assert done.duration > 10 and done.audio.size == done.size > 0
    # A worker that stops cleanly takes its beat with it; the dead one's was cleared.
    assert not WorkerBeat.objects.exists()
    assert done.narrated_at <= timezone.now()
