"""Shared test fixtures.

Speed: the small newsroom most tests read is built once per test module inside a
transaction that is rolled back at the end of the module (the pytest version of
Django's setUpTestData); each test then runs in its own savepoint. Tests that need
real commits (the task worker, the live server) use `transaction=True` with a
serialized rollback, which restores Wagtail's page tree after the database is
flushed.
"""

import pytest
from django.core.cache import cache
from django.db import connections
from django.test.utils import override_settings

from masthead.core.tests.fixtures import build_and_warm_newsroom, module_data


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploaded test images go to a temporary directory, never to ./media."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(scope="session", autouse=True)
def _wagtail_tree(django_db_setup, django_db_blocker):
    """Fail early on a reused test database whose page tree was lost, and leave the
    database as migrations made it after transactional tests flushed it."""
    from wagtail.models import Page

    with django_db_blocker.unblock():
        if not Page.objects.filter(depth=1).exists():
            pytest.exit(
                "The reused test database has no Wagtail root page; run pytest with --create-db.",
                returncode=2,
            )
    yield
    with django_db_blocker.unblock():
        connection = connections["default"]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents and not Page.objects.filter(depth=1).exists():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits, Wagtail's site root paths and renditions live in the cache."""
    cache.clear()
    yield
    cache.clear()


newsroom = module_data(build_and_warm_newsroom)


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT does not exist: tests never run collectstatic.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
