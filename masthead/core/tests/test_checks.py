"""core/checks.py stands in for Django's security.W003 (silenced: it looks for Django's
CSRF middleware by name, and ours is a subclass)."""

from masthead.core.checks import csrf_middleware_installed


def test_our_csrf_middleware_satisfies_the_check(settings):
    assert "masthead.core.csrf.ReaderCsrfViewMiddleware" in settings.MIDDLEWARE
    assert csrf_middleware_installed(None) == []


def test_djangos_own_satisfies_it_too(settings):
    settings.MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]
    assert csrf_middleware_installed(None) == []


def test_no_csrf_middleware_is_a_warning(settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if "csrf" not in m.lower() and "Csrf" not in m
    ]
    assert [warning.id for warning in csrf_middleware_installed(None)] == ["masthead.W003"]
