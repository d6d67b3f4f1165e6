"""Fixtures of the API tests (admin_fixtures.py: the desk, and a client with a key)."""

from .admin_fixtures import api, desk  # noqa: F401
