"""System checks of our own.

Django's security.W003 looks for its CsrfViewMiddleware by name, and Masthead runs
`core.csrf.ReaderCsrfViewMiddleware`, a subclass that adds only the origin-checked path
for reader forms in cached pages. So W003 is silenced in the settings, and this check
stands in for it: CSRF protection must be in MIDDLEWARE, as ours or as Django's.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.utils.module_loading import import_string


@register(Tags.security, deploy=True)
def csrf_middleware_installed(app_configs, **kwargs):
    from django.middleware.csrf import CsrfViewMiddleware

    for path in settings.MIDDLEWARE:
        try:
            middleware = import_string(path)
        except ImportError:
            continue
        if isinstance(middleware, type) and issubclass(middleware, CsrfViewMiddleware):
            return []
    return [
        Warning(
            "No CSRF middleware in MIDDLEWARE: reader and admin forms are unprotected.",
            hint="Add masthead.core.csrf.ReaderCsrfViewMiddleware (docs/security.md).",
            id="masthead.W003",
        )
    ]
