import pytest


@pytest.fixture(autouse=True)
def _after_commit_at_once(request, monkeypatch, settings):
    """Tests inside one rolled-back transaction never commit: run after-commit work at
    once instead, and send on one lane. Transactional tests (real commits: the worker, the browser) keep it."""
    if request.node.get_closest_marker("django_db") and request.node.get_closest_marker(
        "django_db"
    ).kwargs.get("transaction"):
        return
    # Sending lanes in threads would open connections outside the test's transaction.
    settings.NEWSLETTER_SEND_THREADS = 1
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
