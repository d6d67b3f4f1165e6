"""The log a person reads: one line per request, warnings and errors; the lines that
repeat with traffic or the queue are DEBUG (core/accesslog.py, core/logs.py)."""

import logging

from masthead.core.accesslog import AccessLog
from masthead.core.logs import Demote


def app(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"nothing here"]


def call(wrapped, path):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "REMOTE_ADDR": "127.0.0.1"}
    return b"".join(wrapped(environ, lambda status, headers, exc_info=None: None))


def test_access_log_writes_one_line_per_request_but_not_polls(caplog):
    wrapped = AccessLog(app)
    assert call(wrapped, "/no-such-page/") == b"nothing here"
    call(wrapped, "/live/changes.json")
    call(wrapped, "/healthz")
    call(wrapped, "/war/")
    with caplog.at_level(logging.INFO, logger="masthead.access"):
        wrapped.flush()
    [record] = caplog.records
    lines = record.getMessage().splitlines()
    assert len(lines) == 2
    assert '127.0.0.1 "GET /no-such-page/" 404 ' in lines[0]
    assert '"GET /war/" 404 ' in lines[1]


def record(name, level, message="x"):
    return logging.LogRecord(name, level, __file__, 1, message, None, None)


def test_task_lines_are_debug_and_failures_stay_errors():
    quiet = Demote(loggers=["django_tasks", "django_tasks_db"], level="INFO")
    task_line = record("django_tasks", logging.INFO, "Task id=1 state=SUCCESSFUL")
    assert quiet.filter(task_line) is False and task_line.levelname == "DEBUG"
    assert quiet.filter(record("django_tasks", logging.ERROR)) is True
    assert quiet.filter(record("masthead.audio.services", logging.INFO)) is True
    assert quiet.filter(record("django_tasks_dbx", logging.INFO)) is True

    verbose = Demote(loggers=["django_tasks"], level="DEBUG")
    assert verbose.filter(record("django_tasks", logging.INFO)) is True
