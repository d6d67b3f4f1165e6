"""The production static files storage (core/staticfiles.py) and the Redis cache backend's
key check (core/redis_cache.py): per-request work left out, same answers."""

import json
import warnings

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from masthead.core.redis_cache import RedisCache
from masthead.core.staticfiles import ManifestStaticFilesStorage

pytestmark = pytest.mark.django_db  # the suite's session fixtures read the page tree


@pytest.fixture
def manifest(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STATIC_URL = "/static/"
    paths = {"masthead/css/site.css": "masthead/css/site.0123abcd.css"}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": paths}))
    return tmp_path


def test_a_static_url_is_worked_out_once_and_is_the_manifest_storages(manifest, monkeypatch):
    storage = ManifestStaticFilesStorage()
    expected = CompressedManifestStaticFilesStorage().url("masthead/css/site.css")
    assert expected == "/static/masthead/css/site.0123abcd.css"
    assert storage.url("masthead/css/site.css") == expected
    calls = []
    monkeypatch.setattr(storage, "stored_name", lambda name: calls.append(name))
    assert storage.url("masthead/css/site.css") == expected
    assert calls == []  # from the process's own table
    monkeypatch.undo()
    # A name the manifest lacks still raises, and is never kept.
    with pytest.raises(ValueError):
        storage.url("missing.css")
    assert ("missing.css", False) not in storage._urls


def test_the_redis_backend_takes_any_key_without_a_warning():
    cache = RedisCache("redis://127.0.0.1:6379/0", {})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cache.validate_key("fc:1:en:" + "x" * 300 + " with spaces")
