"""Two identical create calls with one Idempotency-Key at the same moment: one article,
and both callers get its response. Needs PostgreSQL (real concurrent transactions)."""

import threading

import pytest
from django.db import connection, connections

from masthead.articles.models import ArticlePage

from .admin_fixtures import ApiClient, build_desk, make_key

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL races"
    ),
]


def test_concurrent_twins_create_one_article():
    desk = build_desk()
    _key, token = make_key(desk.editor)
    body = {"headline": "Both at once", "section": "war", "body_html": "<p>x</p>"}
    barrier = threading.Barrier(2)
    responses = []

    def send():
        try:
            barrier.wait(timeout=10)
            response = ApiClient(token).post(
                "/api/v1/admin/articles/", body, {"Idempotency-Key": "twins"}
            )
            responses.append(response)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [response.status_code for response in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sorted(response.get("Idempotent-Replayed", "") for response in responses) == [
        "",
        "true",
    ]
    assert ArticlePage.objects.filter(title="Both at once").count() == 1
