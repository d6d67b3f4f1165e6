"""List the background tasks left RUNNING by a worker that died, and queue them again."""

from django.core.management.base import BaseCommand

from masthead.core import workers


class Command(BaseCommand):
    help = (
        "List tasks claimed by task workers that stopped beating (killed, crashed) and put "
        "them back in their queues; a task whose workers died TASKS_MAX_CLAIMS times is "
        "marked failed. Workers do this by themselves every TASKS_RECOVER_EVERY seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list them.")

    def handle(self, *args, dry_run, **options):
        stuck = workers.stuck_tasks()
        for item in stuck:
            task = item.task
            action = "would fail" if item.give_up else "would requeue"
            if not dry_run:
                changed = workers.requeue(item)
                action = (
                    ("failed" if item.give_up else "requeued") if changed else "changed meanwhile"
                )
            self.stdout.write(
                f"{action}: {task.pk} {task.task_path}{tuple(task.args_kwargs['args'])} "
                f"queue={task.queue_name} started={task.started_at:%Y-%m-%d %H:%M:%S} "
                f"worker={item.worker_id or '-'} ({item.reason})"
            )
        live = workers.live_worker_ids().count()
        self.stdout.write(f"{len(stuck)} stuck task(s); {live} live worker(s).")
