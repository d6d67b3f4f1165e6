"""Settings of the real `db_worker` processes that test_crash_recovery.py starts: the test
settings with the database queue, every queue allowed, the slow test engine, and beats
and recovery in fractions of a second."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
NARRATION_ENGINE = "masthead.audio.tests.engines.SlowToneEngine"
NARRATION_CHUNK_CHARS = 60
NARRATION_WORKERS = 1
TASKS_HEARTBEAT = 0.2
TASKS_WORKER_DEAD_AFTER = 1.5
TASKS_RECOVER_EVERY = 0.4
