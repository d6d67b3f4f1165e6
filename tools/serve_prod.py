"""make serve-prod: the production topology, on 127.0.0.1 only.

nginx (gzip, micro-cache, static and media files) in front of granian (or gunicorn)
with production settings, on PostgreSQL and Redis, with a task worker per queue (default
and narration). Ctrl-C stops
everything. The benchmark (bench/traffic.py) starts the same stack through `Stack`.

    .venv/bin/python tools/serve_prod.py [--port 8180] [--articles 10000]

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/masthead_prod),
REDIS_URL (default redis://127.0.0.1:6379/1), WEB_SERVER (granian, the default, or
gunicorn), WEB_WORKERS (default: cores for granian, 2 × cores + 1 for gunicorn), WEB_THREADS
(granian's threads per worker, default 4).
Needs Debian's nginx (apt-get install nginx-light).
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Debian's libnginx-mod-http-brotli-static: nginx then serves the .br copies of page files
# and static files to browsers that accept brotli (gzip_static alone otherwise).
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"


def wait_for(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class Stack:
    """nginx → granian or gunicorn (pages) and uvicorn (the news feed stream) → PostgreSQL + Redis, and a db_worker, under one run directory."""

    def __init__(
        self,
        run_dir,
        port=8180,
        app_port=8100,
        stream_port=8101,
        database_url=None,
        redis_url=None,
        workers=None,
        page_cache=True,
        media_root=None,
        page_files=True,
    ):
        self.run = Path(run_dir)
        self.port, self.app_port, self.stream_port = port, app_port, stream_port
        self.database_url = database_url or os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/masthead_prod"
        )
        self.redis_url = redis_url or os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")
        self.server = os.environ.get("WEB_SERVER", "granian")
        cores = os.cpu_count() or 1
        # gunicorn's sync workers each serve one request at a time: 2 × cores + 1.
        # granian's workers run threads: one per core, a few threads each.
        default_workers = cores if self.server == "granian" else 2 * cores + 1
        self.workers = workers or int(os.environ.get("WEB_WORKERS", default_workers))
        self.threads = int(os.environ.get("WEB_THREADS", 4))
        self.page_cache = page_cache
        # Pages written as files for nginx (masthead/core/pagefiles.py).
        self.page_files = page_cache and page_files
        self.media_root = media_root or os.environ.get("MEDIA_ROOT") or str(self.run / "media")
        self.processes = []

    @property
    def env(self):
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": self.secret_key,
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "STATIC_ROOT": str(self.run / "static"),
            "MEDIA_ROOT": self.media_root,
            "PAGE_CACHE_ENABLED": "true" if self.page_cache else "false",
            "PAGE_CACHE_FILES_ROOT": str(self.run / "pages") if self.page_files else "",
            "LOG_LEVEL": "WARNING",
            # nginx sets X-Real-IP to the reader's address (deploy/nginx.conf.template):
            # rate limits and the analytics' reader hash use it, not nginx's own address.
            "CLIENT_IP_HEADER": os.environ.get("CLIENT_IP_HEADER", "X-Real-IP"),
            # nginx counts the view beacon into files there (analytics/nginxlog.py)
            "ANALYTICS_NGINX_LOG_DIR": os.environ.get(
                "ANALYTICS_NGINX_LOG_DIR", str(self.run / "hits")
            ),
        }

    def manage(self, *args, **kwargs):
        return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, **kwargs
        )

    def prepare(self, articles=None):
        self.run.mkdir(parents=True, exist_ok=True)
        key_file = self.run / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(64))
        self.secret_key = key_file.read_text().strip()
        db = urlsplit(self.database_url)
        if db.scheme.startswith("postgres"):
            subprocess.run(  # noqa: S603, S607
                [
                    "createdb",
                    "-h",
                    db.hostname or "127.0.0.1",
                    "-p",
                    str(db.port or 5432),
                    "-U",
                    db.username or "postgres",
                    db.path.lstrip("/"),
                ],
                capture_output=True,
            )
        self.manage("migrate", "--noinput", stdout=subprocess.DEVNULL)
        if articles:
            self.manage("load_demo", "--articles", str(articles), "-v", "0")
        else:
            self.manage("load_demo", "--if-empty")
        self.manage("collectstatic", "--noinput", stdout=subprocess.DEVNULL)
        if self.page_files:
            # Its includes, from the same settings the app writes the files with.
            self.manage("page_files_nginx", str(self.run), stdout=subprocess.DEVNULL)
        self.manage("analytics_nginx", str(self.run), stdout=subprocess.DEVNULL)
        self.write_nginx_conf()

    def write_nginx_conf(self):
        for name in (
            "client_body",
            "proxy_temp",
            "fastcgi_temp",
            "uwsgi_temp",
            "scgi_temp",
            "microcache",
        ):
            (self.run / name).mkdir(exist_ok=True)
        if not (self.run / "pagefiles-http.conf").exists():
            # No page files: every request goes to the app.
            (self.run / "pagefiles-http.conf").write_text("# no page files\n")
            (self.run / "pagefiles-location.conf").write_text(
                "error_page 418 = @app;\nreturn 418;\n"
            )
        if not (self.run / "analytics-hit.conf").exists():
            # The beacon goes to the app.
            (self.run / "analytics-http.conf").write_text("# beacons to the app\n")
            (self.run / "analytics-hit.conf").write_text(
                "error_page 418 = @hit_app;\nreturn 418;\n"
            )
        brotli = Path(BROTLI_MODULE).exists()
        conf = (ROOT / "deploy" / "nginx.conf.template").read_text()
        for key, value in {
            "LOAD_MODULES": f"load_module {BROTLI_MODULE};" if brotli else "",
            "BROTLI_STATIC": "brotli_static on;" if brotli else "",
            "PAGE_FILES_HTTP": self.run / "pagefiles-http.conf",
            "PAGE_FILES_LOCATION": self.run / "pagefiles-location.conf",
            "ANALYTICS_HTTP": self.run / "analytics-http.conf",
            "ANALYTICS_HIT": self.run / "analytics-hit.conf",
            "RUN": self.run,
            # the workers must read the run directory and the collected files
            "USER": __import__("getpass").getuser(),
            "LISTEN": f"127.0.0.1:{self.port}",
            "UPSTREAM": f"127.0.0.1:{self.app_port}",
            "STREAM_UPSTREAM": f"127.0.0.1:{self.stream_port}",
            "STATIC_ROOT": self.run / "static",
            "MEDIA_ROOT": self.media_root,
        }.items():
            conf = conf.replace(f"@@{key}@@", str(value))
        (self.run / "nginx.conf").write_text(conf)

    def app_server_command(self):
        """granian by default: its Rust HTTP layer keeps connections alive and parses
        requests outside Python, about five times gunicorn's sync workers on page-cache
        hits on two cores (docs/deploy.md). WEB_SERVER=gunicorn for the sync workers."""
        if self.server == "gunicorn":
            return [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.app_port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--backlog",
                "2048",
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ]
        return [
            str(VENV_BIN / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.app_port),
            "--workers",
            str(self.workers),
            # Each worker renders on a few threads (one waits on the database while
            # another runs). granian's backpressure caps the connections a worker has
            # accepted (idle keep-alive ones included), not the requests in Python: it
            # must exceed what nginx keeps open (keepalive 64 per nginx worker), or
            # nginx's new connections wait in the backlog behind idle ones.
            "--blocking-threads",
            str(self.threads),
            "--backpressure",
            str(max(64, 2048 // self.workers)),
            "--backlog",
            "2048",
            "--no-ws",
            "--log-level",
            "warning",
            "config.wsgi:application",
        ]

    def start(self, nginx=True, worker=True):
        self.start_process(self.app_server_command())
        # The news feed's event stream: one ASGI process, one event loop for every reader.
        self.stream = self.start_process(
            [
                str(VENV_BIN / "uvicorn"),
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.stream_port),
                "--backlog",
                "4096",
                "--no-access-log",
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "3",
            ]
        )
        if worker:
            # One worker per queue: narrations never hold back the rest.
            for queue in ("default", "narration"):
                self.start_process(
                    [sys.executable, "manage.py", "db_worker", "--queue-name", queue, "--no-reload"]
                )
        if nginx:
            self.start_process([NGINX, "-c", str(self.run / "nginx.conf"), "-p", str(self.run)])
        wait_for(f"http://127.0.0.1:{self.app_port}/healthz")
        wait_for(f"http://127.0.0.1:{self.stream_port}/healthz")
        if nginx:
            wait_for(f"http://127.0.0.1:{self.port}/healthz")

    def wait_for_tasks(self, queue="default", timeout=1800):
        """Wait until the task workers have run every queued task of `queue` (a fresh
        archive's search-index tasks, the first start's renditions), so what is measured
        next does not share the machine with them. Prints the count as it falls."""
        code = (
            "import time\n"
            "from django_tasks_db.models import DBTaskResult\n"
            f"deadline = time.monotonic() + {timeout}\n"
            "last = None\n"
            "while time.monotonic() < deadline:\n"
            f"    left = DBTaskResult.objects.filter(queue_name={queue!r}, "
            "status__in=['READY', 'RUNNING']).count()\n"
            "    if left != last:\n"
            f"        print(f'  {queue} queue: {{left}} task(s) left', flush=True)\n"
            "        last = left\n"
            "    if not left:\n"
            "        break\n"
            "    time.sleep(2)\n"
        )
        self.manage("shell", "-c", code)

    def start_process(self, command):
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)  # noqa: S603
        self.processes.append(process)
        return process

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = []


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8180")))
    parser.add_argument("--app-port", type=int, default=8100)
    parser.add_argument(
        "--articles", type=int, default=None, help="top the demo archive up to N articles"
    )
    parser.add_argument("--run-dir", default=str(ROOT / ".cache" / "serve-prod"))
    args = parser.parse_args()
    stack = Stack(args.run_dir, port=args.port, app_port=args.app_port)
    stack.prepare(articles=args.articles)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        stack.start()
        if args.articles:
            print("Waiting for the first start's tasks (search index) to drain …", flush=True)
            stack.wait_for_tasks()
        print(
            f"\n  Production topology on 127.0.0.1:\n"
            f"  nginx     http://127.0.0.1:{args.port}/  (page files, micro-cache, gzip, static, media)\n"
            f"  {stack.server:9} http://127.0.0.1:{args.app_port}/  ({stack.workers} workers, production settings)\n"
            f"  uvicorn   http://127.0.0.1:{stack.stream_port}/live/stream  (the news feed's event stream)\n"
            f"  database  {stack.database_url}\n  redis     {stack.redis_url}\n  workers   db_worker --queue-name default, db_worker --queue-name narration\n"
            f"  Stop with Ctrl-C.\n",
            flush=True,
        )
        swept = time.monotonic()
        while all(process.poll() is None for process in stack.processes):
            time.sleep(1)
            if stack.page_files and time.monotonic() - swept > 60:
                # What deploy/systemd/masthead-sweep-page-files.timer does in production.
                stack.manage("sweep_page_files", stdout=subprocess.DEVNULL)
                swept = time.monotonic()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
