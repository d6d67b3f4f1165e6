"""A deploy runs migrate: the fragments the old templates and code rendered are not reused."""

from unittest import mock

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate

from masthead.core import fragments

pytestmark = pytest.mark.django_db


def migrated():
    core = apps.get_app_config("core")
    post_migrate.send(
        sender=core, app_config=core, verbosity=0, interactive=False, using="default", apps=apps
    )


def test_migrate_starts_a_new_fragment_generation():
    before = fragments.current_generation()
    migrated()
    assert fragments.current_generation() != before


def test_a_cache_that_is_down_does_not_stop_migrate(caplog):
    with mock.patch.object(fragments, "bump", side_effect=ConnectionError("down")):
        migrated()
    assert "could not bump the fragment generation" in caplog.text
