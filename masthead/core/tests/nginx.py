"""The real nginx for tests: deploy/nginx.conf.template as tools/serve_prod.py fills it,
in front of a stub app (an http.server handler), on free loopback ports."""

import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from tools.serve_prod import NGINX, Stack

HAS_NGINX = bool(shutil.which("nginx") or Path(NGINX).exists())
needs_nginx = pytest.mark.skipif(not HAS_NGINX, reason="nginx is not installed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(run, handler):
    """nginx on a free port in front of `handler`, with its run directory `run` (write
    the includes there first: Stack fills in the defaults for those that are missing).
    Yields base (the URL), host, run and port; stops both at the end."""
    app = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    stack = Stack(run, port=free_port(), app_port=app.server_address[1], stream_port=free_port())
    stack.secret_key = "test"  # noqa: S105 - only read by the app, which is not started
    stack.write_nginx_conf()
    process = subprocess.Popen(  # noqa: S603
        [NGINX, "-c", str(run / "nginx.conf"), "-p", str(run)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", stack.port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    raise RuntimeError((run / "nginx-error.log").read_text()) from None
                time.sleep(0.05)
        yield SimpleNamespace(
            base=f"http://127.0.0.1:{stack.port}",
            host=f"127.0.0.1:{stack.port}",
            port=stack.port,
            run=run,
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
        app.shutdown()


def request(url, method="GET", data=None, **headers):
    """(status, headers, body) of one request; urllib sends "identity" unless told."""
    prepared = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(prepared, timeout=10) as response:  # noqa: S310  # nosec B310 # loopback http
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(url, **headers):
    return request(url, **headers)
