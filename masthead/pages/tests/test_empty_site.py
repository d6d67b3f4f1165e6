"""A fresh install with a home page and nothing published yet."""

import pytest

from masthead.pages.tests.factories import make_home

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/search/", "/search/?q=anything", "/topics/none/"])
def test_pages_render_before_anything_is_published(client, path):
    make_home()

    response = client.get(path)

    assert response.status_code == (404 if path.startswith("/topics/") else 200)
