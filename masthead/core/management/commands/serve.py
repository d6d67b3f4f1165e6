"""Serve the embedded newsroom: the web server and the task worker, together.

Ctrl-C stops both. For production, run gunicorn and `db_worker` as separate
services instead (docs/deploy.md).
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the web server and the background task worker until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the task worker."
        )

    def handle(self, *args, host, port, no_worker, **options):
        # Ctrl-C and a plain `kill` stop both processes, even when a parent shell
        # started us with SIGINT ignored (as non-interactive shells do for `&`).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        worker = None
        if not no_worker:
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--interval",
                    "1",
                    "--no-reload",
                    "--queue-name",
                    "*",
                ],
                cwd=settings.BASE_DIR,
                # Its own session: Ctrl-C reaches us, and we stop it cleanly below.
                start_new_session=True,
            )
        base = f"http://{host}:{port}"
        self.stdout.write(
            self.style.SUCCESS(f"\n  Masthead is serving {settings.WAGTAIL_SITE_NAME} at {base}/\n")
            + f"  Admin:  {base}/admin/\n"
            + "  Demo admin login: admin@meridianledger.example / "
            + os.environ.get("DEMO_ADMIN_PASSWORD", "masthead-demo")
            + "\n  Task worker: "
            + ("running" if worker else "off")
            + "\n  Stop with Ctrl-C.\n"
        )
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
        except KeyboardInterrupt:
            pass
        finally:
            if worker and worker.poll() is None:
                worker.send_signal(signal.SIGINT)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
