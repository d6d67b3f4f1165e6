"""Content-Security-Policy and Permissions-Policy (masthead/core/headers.py): strict on
reader pages (no inline script, no unsafe-inline, no nonce, so cached copies stay valid),
looser in the Wagtail admin (issue #12, finding 7). The browser side is checked by
test_reader_gate.py::test_reading_pages_run_under_the_content_security_policy."""

import re

import pytest

from masthead.pages.tests.factories import make_home

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_reader_pages_get_the_strict_policy_without_a_nonce(client):
    make_home()
    first, second = client.get("/"), client.get("/")
    assert first.status_code == 200
    policy = directives(first)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "nonce-" not in first["Content-Security-Policy"]
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "camera=()" in first["Permissions-Policy"]
    assert "geolocation=()" in first["Permissions-Policy"]


def test_reader_templates_have_no_inline_script_or_style_attribute(client):
    """What the strict policy would block, looked for in the page's HTML."""
    make_home()
    html = client.get("/").content.decode()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)
    assert scripts == []
    assert " style=" not in html


def test_the_error_page_style_block_is_allowed_by_its_hash(client, settings):
    from masthead.core import headers

    style_src = directives(client.get("/no-such-page/"))["style-src"]
    assert headers._inline_style_hashes()[0] in style_src


def test_the_admin_gets_its_own_policy(client):
    response = client.get("/admin/login/")
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
