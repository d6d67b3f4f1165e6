"""Background tasks run through the real database queue and `manage.py db_worker`.

The test settings run tasks immediately; here the default backend is the
django-tasks-db DatabaseBackend production uses, and a worker drains the queue.
"""

import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import ReferenceIndex

from masthead.images.tests.factories import ImageFactory
from masthead.pages.models import StandardPage
from masthead.pages.tests.factories import EDITORS_EMAIL, FormPageFactory, make_home

# The worker commits its own transactions, so these tests commit too; the serialized
# rollback puts Wagtail's page tree back after the database is flushed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "narration"]}
}


def run_worker():
    """`manage.py db_worker --batch`: run every queued task, then exit."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:  # the worker installs its own Ctrl-C handlers
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def results(task_path):
    return list(DBTaskResult.objects.filter(task_path=task_path))


def test_wagtail_and_masthead_tasks_run_through_db_worker(settings, client):
    settings.TASKS = DATABASE_TASKS
    home = make_home()
    form = FormPageFactory(parent=home)
    photo = ImageFactory()
    about = home.add_child(instance=StandardPage(title="About", slug="about", social_image=photo))

    # Wagtail queued a reference-index update for each save; nothing ran yet.
    assert results("wagtail.tasks.update_reference_index_task")
    assert not ReferenceIndex.get_references_for_object(about).exists()

    # A reader's submission queues our email task after commit.
    response = client.post(
        form.url, {"name": "Ada", "email": "ada@example.org", "message": "Hello from a reader"}
    )
    assert response.status_code == 200
    [email_task] = results("masthead.pages.tasks.email_form_submission_task")
    assert email_task.status == TaskResultStatus.READY
    assert mail.outbox == []

    run_worker()

    statuses = dict(DBTaskResult.objects.values_list("task_path", "status").distinct())
    # A running worker keeps analytics' flush going (core.workers.worker_beat): that run
    # waits for its time (run_after), after this batch.
    assert statuses.pop("masthead.analytics.tasks.flush_analytics_task", None) in (
        None,
        TaskResultStatus.READY,
    )
    assert set(statuses.values()) == {TaskResultStatus.SUCCESSFUL}, statuses
    email_task.refresh_from_db()
    assert email_task.status == TaskResultStatus.SUCCESSFUL
    [email] = mail.outbox
    assert email.to == [EDITORS_EMAIL]
    assert "Hello from a reader" in email.body
    reference = ReferenceIndex.get_references_for_object(about).get()
    assert reference.to_object_id == str(photo.pk)
    assert not DBTaskResult.objects.ready().exists()


def test_running_a_task_twice_is_safe(settings):
    """Tasks take ids and re-fetch; a second run (a retry) does no harm."""
    from masthead.pages.tasks import email_form_submission_task

    settings.TASKS = DATABASE_TASKS
    home = make_home()
    form = FormPageFactory(parent=home)
    submission = form.get_submission_class().objects.create(
        page=form, form_data={"name": "Ada", "email": "ada@example.org", "message": "Hi"}
    )
    email_form_submission_task.enqueue(submission.pk)
    email_form_submission_task.enqueue(submission.pk)
    email_form_submission_task.enqueue(10**9)  # deleted since: nothing to do

    run_worker()

    tasks = results("masthead.pages.tasks.email_form_submission_task")
    assert [t.status for t in tasks] == [TaskResultStatus.SUCCESSFUL] * 3
    assert len(mail.outbox) == 2
