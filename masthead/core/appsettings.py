"""Each app's settings, with their defaults, live with the app in `<app>/conf.py`.

A `conf.py` holds plain UPPERCASE names read from the environment (with `env` below) and
nothing else: it is imported while the settings module loads, before Django is set up,
so it may import only the standard library, django-environ and lazy translation.
`config/settings/base.py` wires them in with `vars().update(app_settings(INSTALLED_APPS))`;
code reads them as `django.conf.settings.NAME`, and a settings module (test, production)
or the environment overrides them like any other setting.
"""

import importlib
import importlib.util

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def app_settings(installed_apps):
    """Every UPPERCASE name of every installed masthead app's `conf` module."""
    found = {}
    owners = {}
    for app in installed_apps:
        if not app.startswith("masthead."):
            continue
        name = f"{app}.conf"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        for key, value in vars(module).items():
            if not key.isupper():
                continue
            if key in owners:
                raise ImproperlyConfigured(
                    f"The setting {key} is defined by both {owners[key]} and {name}."
                )
            owners[key] = name
            found[key] = value
    return found
