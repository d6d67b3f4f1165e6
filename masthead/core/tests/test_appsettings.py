"""Each app's settings live with the app (`<app>/conf.py`) and are wired in by base.py."""

import sys
import types

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from masthead.core.appsettings import app_settings


def test_every_app_setting_reaches_django_settings():
    found = app_settings(settings.INSTALLED_APPS)
    assert {"PAGE_CACHE_EXCLUDE", "NARRATION_ENGINE", "LIVEFEED_WIDGET_ITEMS"} <= set(found)
    assert {"API_WRITE_RATE_LIMIT", "WORDS_PER_MINUTE", "EDITORS_EMAIL"} <= set(found)
    for name in found:
        assert hasattr(settings, name), name


def test_base_settings_hold_wiring_only():
    from pathlib import Path

    base = (Path(settings.BASE_DIR) / "config" / "settings" / "base.py").read_text()
    for name in app_settings(settings.INSTALLED_APPS):
        assert f"\n{name} =" not in base, f"{name} belongs in its app's conf.py"


def test_a_setting_defined_by_two_apps_is_refused(monkeypatch):
    for name in ("masthead.fake_one", "masthead.fake_two"):
        package = types.ModuleType(name)
        package.__path__ = []
        conf = types.ModuleType(f"{name}.conf")
        conf.__spec__ = types.SimpleNamespace(name=f"{name}.conf")
        conf.SAME_NAME = 1
        monkeypatch.setitem(sys.modules, name, package)
        monkeypatch.setitem(sys.modules, f"{name}.conf", conf)
    with pytest.raises(ImproperlyConfigured, match="SAME_NAME"):
        app_settings(["masthead.fake_one", "masthead.fake_two"])
