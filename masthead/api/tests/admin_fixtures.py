"""Fixtures for the Admin API tests: a small desk (a section, two authors, an editor and
an author-role user) and keys with chosen scopes. Import the fixtures a module uses."""

import json
import types

import pytest
from django.test import Client

from masthead.api import services
from masthead.articles.tests.factories import (
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
)
from masthead.core.tests.fixtures import module_data
from masthead.pages.tests.factories import make_home
from masthead.users.tests.factories import UserFactory

ALL_SCOPES = ["articles:write", "images:write", "livefeed:write"]


def build_desk():
    """Home, the War and Analysis sections, two byline authors, an editor, an author."""
    home = make_home()
    war = SectionPageFactory(parent=home, title="War", slug="war")
    analysis = SectionPageFactory(parent=home, title="Analysis", slug="analysis")
    index = AuthorsIndexPageFactory(parent=home, title="Authors", slug="authors")
    authors = [
        AuthorPageFactory(parent=index, title="Olena Kovalenko", slug="olena-kovalenko"),
        AuthorPageFactory(parent=index, title="Ihor Savchenko", slug="ihor-savchenko"),
    ]
    editor = UserFactory(groups=["Editors"], is_staff=True, email="editor@example.org")
    writer = UserFactory(groups=["Authors"], is_staff=True, email="writer@example.org")
    return types.SimpleNamespace(
        home=home, war=war, analysis=analysis, authors=authors, editor=editor, writer=writer
    )


desk = module_data(build_desk)


class ApiClient:
    """A test client that sends a bearer key and JSON."""

    def __init__(self, token=None):
        self.client = Client()
        self.token = token

    def headers(self, extra):
        headers = dict(extra or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return headers

    def get(self, path, headers=None):
        return self.client.get(path, headers=self.headers(headers))

    def send(self, method, path, data=None, headers=None):
        return getattr(self.client, method)(
            path,
            json.dumps(data) if data is not None else "",
            content_type="application/json",
            headers=self.headers(headers),
        )

    def post(self, path, data=None, headers=None):
        return self.send("post", path, data, headers)

    def patch(self, path, data=None, headers=None):
        return self.send("patch", path, data, headers)

    def delete(self, path, headers=None):
        return self.client.delete(path, headers=self.headers(headers))

    def upload(self, path, data, headers=None):
        return self.client.post(path, data, headers=self.headers(headers))


def make_key(user, scopes=ALL_SCOPES, name="Wire importer"):
    return services.do_create_api_key(name=name, scopes=scopes, created_by=user)


@pytest.fixture
def api(desk):
    """A client holding an editor's key with every scope."""
    _key, token = make_key(desk.editor)
    return ApiClient(token)
