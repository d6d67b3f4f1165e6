"""`make run` (`manage.py serve` with config.settings.embedded): a production-grade server
with its two task workers; Ctrl-C leaves nothing running; unknown addresses get the
branded 404, never Django's debug page.

The server runs in other processes on the test database, so the end-to-end test needs
PostgreSQL (SQLite's test database lives in this process's memory); the settings checks
run everywhere.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings

from .test_settings import run_django

ROOT = Path(__file__).resolve().parents[3]
PORT = int(os.environ.get("SERVE_TEST_PORT", "8103"))


def test_make_run_settings_are_production_grade(tmp_path):
    result = run_django(
        "import json\nfrom django.conf import settings as s\n"
        "print(json.dumps([s.DEBUG, s.STORAGES['staticfiles']['BACKEND'], "
        "s.TASKS['default']['QUEUES'], s.SECURE_PROXY_SSL_HEADER, s.LIVEFEED_TRANSPORT, "
        "s.CACHES['pages']['BACKEND'], s.CACHES['default']['BACKEND']]))",
        "config.settings.embedded",
        tmp_path,
        SECRET_KEY=None,
        SITE_URL=None,
        PAGE_CACHE_DIR=str(tmp_path / "pages"),
        REDIS_URL=None,
    )
    assert result.returncode == 0, result.stderr
    debug, storage, queues, proxy, transport, pages, shared = json.loads(result.stdout)
    assert debug is False
    assert storage == "masthead.core.staticfiles.ManifestStaticFilesStorage"
    assert queues == ["default", "narration"]
    assert proxy is None  # not trusted unless TRUST_PROXY_HEADERS says so
    assert transport == "poll"
    assert pages == shared == "django.core.cache.backends.filebased.FileBasedCache"


def test_make_run_generates_and_keeps_a_secret_key(tmp_path):
    from config.settings.embedded import ensure_secret_key

    env_file = tmp_path / ".env"
    env_file.write_text("EMAIL_URL=consolemail://\n")
    saved = os.environ.pop("SECRET_KEY", None)
    try:
        ensure_secret_key(env_file)
        first = os.environ.pop("SECRET_KEY")
        ensure_secret_key(env_file)
        assert os.environ["SECRET_KEY"] == first
    finally:
        os.environ.pop("SECRET_KEY", None)
        if saved is not None:
            os.environ["SECRET_KEY"] = saved
    assert len(first) >= 80
    assert env_file.read_text().startswith("EMAIL_URL=consolemail://\n")
    assert env_file.read_text().count("SECRET_KEY=") == 1


def test_https_site_url_without_a_trusted_proxy_refuses_to_start(tmp_path):
    result = run_django(
        "print('started')",
        "config.settings.embedded",
        tmp_path,
        SECRET_KEY="k" * 64 + "abcdef",
        SITE_URL="https://news.example.org",
    )
    assert result.returncode != 0
    assert "TRUST_PROXY_HEADERS" in result.stderr


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_unknown_address_gets_the_branded_404_without_url_patterns(newsroom):
    response = Client().get("/no-such-page/here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert "URLconf" not in html and "django-admin/" not in html


# --- end to end: the real server, then Ctrl-C ---------------------------------------


def descendants(pid):
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *descendants(int(child))]
    except OSError:
        pass
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # nosec B310 - the test's own server on loopback
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the server is other processes; SQLite's test database is in memory",
)
def test_serve_runs_granian_and_both_workers_and_ctrl_c_stops_them_all(tmp_path):
    from masthead.audio.tests.test_queue import database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
        "SECRET_KEY": "serve-test-" + "k" * 60,
        "DATABASE_URL": database_url(),
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "SHARED_CACHE_DIR": str(tmp_path / "shared"),
        "WEB_WORKERS": "2",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115 - closed below
    serve = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", "--port", str(PORT)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while "Stop with Ctrl-C" not in (tmp_path / "serve.log").read_text():
            assert serve.poll() is None and time.monotonic() < deadline, (
                tmp_path / "serve.log"
            ).read_text()
            time.sleep(0.2)
        children = descendants(serve.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ") for pid in children]
        assert sum("granian" in c for c in commands) >= 3, commands  # the server, two workers
        assert sum("db_worker --queue-name default" in c for c in commands) == 1, commands
        assert sum("db_worker --queue-name narration" in c for c in commands) == 1, commands

        status, html, headers = get(f"http://127.0.0.1:{PORT}/no-such-page/")
        assert status == 404
        assert "We can’t find that page" in html and "URLconf" not in html
        status, _, _ = get(f"http://127.0.0.1:{PORT}/healthz")
        assert status == 200
        # The access log is written every half second (core/accesslog.py): wait for it.
        deadline = time.monotonic() + 10
        while '"GET /no-such-page/" 404' not in (tmp_path / "serve.log").read_text():
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)

        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=30)
        time.sleep(0.2)
        assert [pid for pid in children if alive(pid)] == []
        banner = (tmp_path / "serve.log").read_text()
        assert "admin@meridianledger.example" in banner
        assert '"GET /no-such-page/" 404' in banner  # the access log: one line per request
        assert '"GET /healthz"' not in banner  # health checks are DEBUG
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
        log.close()
