"""Schemathesis against the served OpenAPI document: every operation of the Content and
Admin APIs, with generated valid and invalid requests sent with a key holding every scope.
No request may get a 5xx, and every response must match the document (status code,
content type and body schema). Deterministic (derandomized) and bounded (MAX_EXAMPLES
per operation and mode)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from masthead.articles.tests.factories import ArticlePageFactory

from .admin_fixtures import make_key

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def same_connection():
    """Requests through the WSGI app run inside the test's transaction, as the test client's
    do: Django must not close the connection at the start and end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_conforms_to_the_schema(desk, settings, same_connection):
    settings.API_WRITE_RATE_LIMIT = 100_000
    settings.OUTBOUND_ALLOWED_HOSTS = []
    settings.API_IMAGE_FETCH_TIMEOUT = 1
    ArticlePageFactory(parent=desk.war, authors=desk.authors, tags=["Energy"], publish=True)
    _key, token = make_key(desk.editor)
    # Identity: the gzip middleware would otherwise compress what schemathesis reads.
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/", get_wsgi_application(), headers={"Accept-Encoding": "identity"}
    )
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except (Exception, BaseExceptionGroup) as error:  # every operation's failures
                failures.append(f"{operation.label} ({mode}): {error}")
    assert operations >= 10
    assert not failures, "\n\n".join(failures)
