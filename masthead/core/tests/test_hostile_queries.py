"""Hostile query strings (hypothesis): every query parameter of the public pages and
APIs, and made-up ones, with values from plain to absurd (5,000-digit numbers, NUL,
other scripts, cursors of garbage). Whatever comes, the answer is never a 5xx and never
an exception: a page falls back or shows its error beside the field, the APIs answer 422
naming the parameter."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

VALUE = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "9" * n),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e309",
            "NaN",
            "\x00",
            "2026-13-45",
            "9999-12-31T23:59:59+14:00",
            "0001-01-01T00:00:00-12:00",
            "2026-11-01T09:00:00Z",
            "eyJvIjoicHVibGlzaGVkIiwiayI6WzEsMl19",
            "%",
            "../../etc/passwd",
            "<script>",
        ]
    ),
)

# Path -> the parameters its view reads (the page cache's allow-list names the same).
PUBLIC_PARAMS = {
    "/": ["page", "before"],
    "section": ["page"],
    "author": ["page"],
    "/topics/energy/": ["page"],
    "feed": ["before"],
    "/search/": ["q", "section", "author", "date_from", "date_to", "page"],
    "/live/changes.json": ["after"],
    "/api/v1/articles/": [
        "section",
        "tag",
        "author",
        "kind",
        "updated_since",
        "cursor",
        "limit",
    ],
    "/api/v1/sections/": ["cursor", "limit"],
    "/api/v1/authors/": ["cursor", "limit"],
    "/api/v1/tags/": ["cursor", "limit"],
}


@pytest.fixture
def paths(newsroom):
    from masthead.livefeed.tests.factories import make_live_page

    feed = make_live_page(newsroom.home)
    named = {
        "section": newsroom.sections[0].url,
        "author": newsroom.authors[0].url,
        "feed": feed.url,
    }
    return {named.get(key, key): params for key, params in PUBLIC_PARAMS.items()}


@pytest.mark.parametrize("which", list(PUBLIC_PARAMS))
def test_no_query_string_breaks_a_public_page_or_api(paths, newsroom, which):
    path = list(paths)[list(PUBLIC_PARAMS).index(which)]
    names = st.sampled_from([*paths[path], "utm_source", "x", "page[]", ""])
    client = Client()

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(query=st.lists(st.tuples(names, VALUE), max_size=4))
    def check(query):
        response = client.get(path, query)
        assert response.status_code < 500, (path, query, response.status_code)

    check()


@pytest.mark.parametrize("field", ["section", "author"])
@pytest.mark.parametrize("value", [str(2**63), "9" * 30, "9" * 5000])
def test_search_with_an_id_past_64_bits_is_a_form_error(newsroom, field, value):
    response = Client().get("/search/", {"q": "port", field: value})
    assert response.status_code == 200
    assert "Choose" in response.content.decode()
