"""Fixture builders shared by the test modules (see conftest.py)."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client


def module_data(builder):
    """Turn `builder()` into a module-scoped fixture whose rows are rolled back after the
    module: the pytest counterpart of Django's setUpTestData. Each test still runs in its
    own savepoint. Tests using it must not be transactional (no transaction=True, no
    live_server).
    """

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                cache.clear()
                yield builder()
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                cache.clear()

    fixture.__doc__ = builder.__doc__
    return fixture


def warm(*urls):
    """Render pages once so their image renditions exist before the tests time them."""
    client = Client()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def build_and_warm_newsroom():
    """A small newsroom (see pages.tests.factories.build_newsroom), renditions made."""
    from masthead.pages.tests.factories import build_newsroom

    newsroom = build_newsroom()
    warm(
        "/",
        newsroom.authors_index.url,
        *[section.url for section in newsroom.sections],
        *[author.url for author in newsroom.authors],
        *[article.url for article in newsroom.articles],
    )
    return newsroom
