"""Configuration from the environment: each case runs Django in a fresh process."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_django(code, settings_module, tmp_path, **env):
    """Run `code` after django.setup() in a new interpreter with only the given settings."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECRET_", "SITE_", "EMAIL_", "REDIS_"))
    }
    clean.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        # never the developer's db.sqlite3 or media
        DATABASE_URL=f"sqlite:///{tmp_path / 'settings-test.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    clean.update(env)
    clean = {k: v for k, v in clean.items() if v is not None}
    script = f"import django\ndjango.setup()\n{code}"
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(args, settings_module, tmp_path, **env):
    code = f"from django.core.management import call_command\ncall_command(*{args!r})"
    return run_django(code, settings_module, tmp_path, **env)


@pytest.mark.parametrize(
    "secret_key",
    ["", "short", "django-insecure-" + "x" * 60, "a" * 80],
    ids=["empty", "short", "django-insecure", "one repeated character"],
)
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret_key):
    result = run_django(
        "print('started')",
        "config.settings.production",
        tmp_path,
        SECRET_KEY=secret_key,
        SITE_URL="https://news.example.org",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_production_passes_the_deploy_check_with_a_real_key_and_https(tmp_path):
    result = manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        "config.settings.production",
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        SITE_URL="https://news.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_by_default(tmp_path):
    dotenv = ROOT / ".env"
    if dotenv.exists() and "DATABASE_URL" in dotenv.read_text():
        pytest.skip(".env sets DATABASE_URL, so there is no default database here")
    # With DATABASE_URL unset the embedded SQLite database is used; point it at a
    # temporary file before connecting so the developer's db.sqlite3 is never touched.
    code = (
        "import json\n"
        "from django.conf import settings\n"
        "db = settings.DATABASES['default']\n"
        "default_name = str(db['NAME'])\n"
        f"db['NAME'] = {str(tmp_path / 'wal.sqlite3')!r}\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode')\n"
        "    mode = c.fetchone()[0]\n"
        "print(json.dumps({'engine': db['ENGINE'], 'name': default_name, 'mode': mode}))\n"
    )

    result = run_django(code, "config.settings.dev", tmp_path, DATABASE_URL=None)

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"].endswith("db.sqlite3")
    assert found["mode"] == "wal"


def test_email_url_configures_smtp(tmp_path):
    code = (
        "import json\n"
        "from django.conf import settings\n"
        "print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT]))\n"
    )

    result = run_django(code, "config.settings.dev", tmp_path, EMAIL_URL="smtp://127.0.0.1:2525")

    assert result.returncode == 0, result.stderr
    backend, host, port = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (host, port) == ("127.0.0.1", 2525)
