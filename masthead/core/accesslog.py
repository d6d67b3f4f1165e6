"""The access log of `make run`: one brief line per request, at almost no cost.

granian's own access log (`--access-log`) calls back into Python from its Rust side after
every response: on page-cache hits that halved the requests a second (bench/embedded.py).
This WSGI wrapper instead notes each request in the thread that served it (a string and
a deque append) and a background thread writes what has gathered, every half second, as
one record of the `masthead.access` logger (settings.LOGGING formats and routes it).

    12:04:31 127.0.0.1 "GET /war/some-article/" 200 0.31ms

The news feed's polls and the health check (`QUIET_PATHS`) are left out unless that
logger is enabled for DEBUG (LOG_LEVEL=DEBUG).
"""

import atexit
import collections
import logging
import os
import threading
import time

logger = logging.getLogger("masthead.access")

QUIET_PATHS = ("/live/", "/healthz")
FLUSH_SECONDS = 0.5


class AccessLog:
    def __init__(self, application, quiet_paths=QUIET_PATHS):
        self.application = application
        self.quiet_paths = () if logger.isEnabledFor(logging.DEBUG) else tuple(quiet_paths)
        self.lines = collections.deque()
        self.writer_pid = None
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(self.quiet_paths):
            return self.application(environ, start_response)
        started = time.perf_counter()
        status = []

        def noting_start_response(code, headers, exc_info=None):
            status.append(code)
            return start_response(code, headers, exc_info)

        result = self.application(environ, noting_start_response)
        self.lines.append(
            f'{environ.get("REMOTE_ADDR", "-")} "{environ.get("REQUEST_METHOD")} {path}" '
            f"{status[-1][:3] if status else '-'} {(time.perf_counter() - started) * 1000:.2f}ms"
        )
        if self.writer_pid != os.getpid():
            self.start_writer()
        return result

    def start_writer(self):
        """One writer thread per process (granian's workers are separate processes)."""
        with self.lock:
            if self.writer_pid == os.getpid():
                return
            self.writer_pid = os.getpid()
            threading.Thread(target=self.write_forever, name="access-log", daemon=True).start()
            atexit.register(self.flush)

    def write_forever(self):
        while True:
            time.sleep(FLUSH_SECONDS)
            self.flush()

    def flush(self):
        lines = []
        while self.lines:
            try:
                lines.append(self.lines.popleft())
            except IndexError:
                break
        if lines:
            stamp = time.strftime("%H:%M:%S")
            logger.info("\n".join(f"{stamp} {line}" for line in lines))
