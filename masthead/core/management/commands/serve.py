"""Serve the newsroom on one machine: the web server and its two task workers, together.

`make run` (`manage.py serve`, config.settings.embedded): granian, a multi-process
WSGI server, with its access log, beside a `db_worker` for the "default" queue
(search indexing, purges, emails, webhooks) and one for the "narration" queue, so
nothing waits behind narrations. `make dev` (`manage.py serve --dev`): Django's
runserver with auto-reload, and the same two workers.

Ctrl-C or SIGTERM stops everything: each child runs in a session of its own (so it
never sees the terminal's Ctrl-C half-way through a task) and is stopped here, then
killed with its whole process group if it has not stopped in time. For a server of
several machines run the same parts as services (docs/deploy.md, deploy/systemd/).
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Each worker's queue: narration alone, everything else on "default".
WORKER_QUEUES = ("default", "narration")
# How long a worker may take to finish the task in hand before it is told to drop it.
GRACE_SECONDS = 5


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the web server and the background task workers until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--dev",
            action="store_true",
            help="Django's development server with auto-reload (make dev) instead of granian.",
        )
        parser.add_argument(
            "--web-workers",
            type=int,
            default=int(os.environ.get("WEB_WORKERS", os.cpu_count() or 1)),
            help="granian worker processes (default: one per core)",
        )
        parser.add_argument(
            "--web-threads", type=int, default=int(os.environ.get("WEB_THREADS", "4"))
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the task workers."
        )

    def handle(self, *args, host, port, dev, web_workers, web_threads, no_worker, **options):
        if dev and os.environ.get("RUN_MAIN") == "true":
            # runserver's reloaded child: the parent already started the workers.
            call_command("runserver", f"{host}:{port}", skip_checks=True)
            return
        # Ctrl-C and a plain `kill` stop everything, even when a parent shell started us
        # with SIGINT ignored (as non-interactive shells do for `&`).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        self.children = []
        try:
            if not no_worker:
                for queue in WORKER_QUEUES:
                    self.start(self.worker_command(queue))
            if dev:
                self.banner(host, port, dev, no_worker)
                call_command("runserver", f"{host}:{port}", use_reloader=True, skip_checks=True)
            else:
                server = self.start(self.granian_command(host, port, web_workers, web_threads))
                self.wait_for_port(host, port, server)
                self.banner(host, port, dev, no_worker)
                self.watch()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop_all()

    # --- the processes ------------------------------------------------------------

    @staticmethod
    def worker_command(queue):
        return [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            queue,
            "--interval",
            "0.5",
            "--no-reload",
            "--no-startup-delay",
        ]

    @staticmethod
    def granian_command(host, port, workers, threads):
        granian = Path(sys.executable).with_name("granian")
        return [
            str(granian),
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            # As in production (docs/deploy.md): a few threads per worker, so one request
            # waiting on the database does not hold the others.
            "--blocking-threads",
            str(threads),
            # granian's backpressure caps the connections a worker has accepted, idle
            # keep-alive ones included, not the requests in Python (the blocking threads
            # bound those): at 4 × threads, 32 browsers holding a connection open left
            # every other reader unanswered (bench/analytics.py: an article page served
            # nothing while beacons arrived on 64 kept-alive connections). granian's own
            # default: the backlog shared out between the workers.
            "--backpressure",
            str(max(64, 2048 // workers)),
            "--backlog",
            "2048",
            "--no-ws",
            "--log-level",
            "warning",
            # The access log is the app's (settings.ACCESS_LOG, core/accesslog.py):
            # granian's --access-log halves the requests a second on cache hits.
            "config.wsgi:application",
        ]

    def start(self, command):
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and programs
            command,
            cwd=settings.BASE_DIR,
            # Its own session and process group: Ctrl-C reaches only us, and stopping
            # the group also stops what the child started (granian's workers).
            start_new_session=True,
        )
        self.children.append(process)
        return process

    def wait_for_port(self, host, port, server, timeout=60):
        address = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104  # nosec B104 - compares, binds nothing
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"the web server exited (status {server.returncode})")
            try:
                with socket.create_connection((address, port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise CommandError(f"the web server did not listen on {host}:{port} within {timeout} s")

    def watch(self):
        """Until Ctrl-C, or until a child dies (then everything stops, with its status)."""
        while True:
            for process in self.children:
                if process.poll() is not None:
                    raise CommandError(
                        f"{Path(process.args[0]).name} {' '.join(process.args[1:4])} "
                        f"exited (status {process.returncode}); stopping everything"
                    )
            time.sleep(0.5)

    def stop_all(self):
        """SIGINT each child (granian and db_worker stop gracefully: a worker finishes the
        task in hand), a second SIGINT to any still running after GRACE_SECONDS (a worker
        then drops its task, which is recorded as failed and safe to run again), then
        SIGKILL to each child's whole process group."""
        children = getattr(self, "children", [])
        for attempt in range(2):
            for process in children:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            deadline = time.monotonic() + GRACE_SECONDS
            while time.monotonic() < deadline and any(p.poll() is None for p in children):
                time.sleep(0.05)
            if attempt == 0 and all(p.poll() is not None for p in children):
                break
        for process in children:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()

    def banner(self, host, port, dev, no_worker):
        local = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104  # nosec B104 - compares
        public = settings.SITE_URL
        where = f"{local}/" if public == local else f"{public}/ (listening on {host}:{port})"
        server = (
            "Django's development server, auto-reload, DEBUG on"
            if dev
            else "granian, production settings (DEBUG off)"
        )
        self.stdout.write(
            self.style.SUCCESS(f"\n  {settings.WAGTAIL_SITE_NAME} is served at {where}\n")
            + f"  Admin:  {public}/admin/\n"
            + "  Demo admin login: admin@meridianledger.example / "
            + os.environ.get("DEMO_ADMIN_PASSWORD", "masthead-demo")
            + f"\n  Server: {server}"
            + "\n  Task workers: "
            + ("off" if no_worker else ", ".join(f"{q} queue" for q in WORKER_QUEUES))
            + "\n  Stop with Ctrl-C.\n\n"
        )
        self.stdout.flush()
