"""Narration has its own queue and worker: a batch of long narrations never delays
search indexing or emails (config/settings/base.py TASKS, masthead/audio/tasks.py).

Real `manage.py db_worker` processes, one per queue as `make run` starts them, on the
DatabaseBackend, with the slow test engine (each narration sleeps; no CPU, no network).
The workers share the test database, so this runs on PostgreSQL only: on SQLite the
test database lives in this process's memory.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import ArticlePageFactory
from masthead.audio import services
from masthead.core.management.commands.serve import Command as Serve
from masthead.pages.tests.factories import FormPageFactory
from masthead.search import queries

from .test_narrating import DATABASE_TASKS

ROOT = Path(__file__).resolve().parents[3]
SLOW = "masthead.audio.tests.engines.SlowEngine"

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the workers are other processes; SQLite's test database is in memory",
    ),
]


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def workers(tmp_path):
    """The two workers of `make run` (serve.py's own commands), with the embedded
    settings on the test database; each one's output in a file."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
        "SECRET_KEY": "queue-test-" + "k" * 60,
        "DATABASE_URL": database_url(),
        "NARRATION_ENGINE": SLOW,
        "SLOW_ENGINE_SECONDS": "20",
        "NARRATION_AUTO": "false",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "SHARED_CACHE_DIR": str(tmp_path / "shared"),
    }
    env.pop("REDIS_URL", None)
    processes = {}
    for queue in ("default", "narration"):
        out = open(tmp_path / f"{queue}.log", "w")  # noqa: SIM115 - closed below
        processes[queue] = (
            subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                Serve.worker_command(queue),
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            ),
            out,
        )
    yield {queue: tmp_path / f"{queue}.log" for queue in processes}
    for process, out in processes.values():
        process.send_signal(signal.SIGINT)
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)  # drop a narration in hand
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        out.close()


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def status(task_path):
    return list(DBTaskResult.objects.filter(task_path=task_path).values_list("status", flat=True))


def test_ten_narrations_do_not_hold_back_indexing_or_email(desk, settings, workers):
    settings.TASKS = DATABASE_TASKS
    settings.NARRATION_AUTO = False
    assert django_settings.TASKS["default"]["QUEUES"] == ["default", "narration"]
    articles = [desk.article(title=f"Dispatch {n}", slug=f"dispatch-{n}") for n in range(10)]
    # Whatever publishing queued (index updates, purges) runs first.
    assert wait_until(lambda: not DBTaskResult.objects.ready().exists(), 60)

    settings.NARRATION_ENGINE = SLOW
    for article in articles:  # as publishing does: a queued narration, its task
        services.do_request_narration(article)
    narration = "masthead.audio.tasks.narrate_article_task"
    assert wait_until(lambda: TaskResultStatus.RUNNING in status(narration), 30)

    # Now, behind ten narrations of 20 s each: a new article to index, a reader's email.
    started = time.monotonic()
    fresh = ArticlePageFactory(
        parent=desk.section,
        title="Zanzibar ferry returns",
        authors=[desk.author],
        lead_image=None,
        body=[("paragraph", RichText("<p>The ferry sailed at dawn.</p>"))],
        publish=True,
    )
    form = FormPageFactory(parent=desk.home)
    submission = form.get_submission_class().objects.create(
        page=form,
        form_data={"name": "Ada", "email": "ada@example.org", "message": "Queue check"},
    )
    from masthead.pages.tasks import email_form_submission_task

    email_form_submission_task.enqueue(submission.pk)

    index = "modelsearch.tasks.insert_or_update_object_task"
    email = "masthead.pages.tasks.email_form_submission_task"
    assert wait_until(
        lambda: (
            status(email) == [TaskResultStatus.SUCCESSFUL]
            and status(index)
            and set(status(index)) == {TaskResultStatus.SUCCESSFUL}
        ),
        60,
    ), (status(index), status(email), workers["default"].read_text()[-2000:])
    took = time.monotonic() - started

    assert fresh.pk in queries.find("zanzibar").ids
    assert "Queue check" in workers["default"].read_text()  # the console email
    # ... while the narrations were still queued: at most the first one has finished.
    narrations = status(narration)
    assert narrations.count(TaskResultStatus.SUCCESSFUL) <= 1, narrations
    assert narrations.count(TaskResultStatus.READY) >= 8, narrations
    print(f"index and email done {took:.1f} s after queueing, behind ten narrations")
