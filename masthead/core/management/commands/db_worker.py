"""django-tasks-db's `db_worker`, with a heartbeat and crash recovery (core/workers.py).

masthead.core comes before django_tasks_db in INSTALLED_APPS, so `manage.py db_worker`
runs this command; every option is django-tasks-db's.
"""

from django_tasks_db.management.commands import db_worker

from masthead.core import workers


class Command(db_worker.Command):
    help = (
        "Run a database background worker that beats while it runs and requeues tasks "
        "left RUNNING by workers that died."
    )

    def handle(self, *args, worker_id, queue_name, **options):
        with workers.Heart(worker_id, queue_name):
            super().handle(*args, worker_id=worker_id, queue_name=queue_name, **options)
