"""Editors cannot register a webhook URL that points inside: the form says why, and the
service refuses it too (issue #12, finding 3). Deliveries check again when they connect
(masthead/core/tests/test_outbound.py)."""

import pytest
from django.core.exceptions import ValidationError

from masthead.webhooks import services
from masthead.webhooks.forms import WebhookEndpointForm

pytestmark = pytest.mark.django_db

INTERNAL = [
    "http://127.0.0.1:8080/hook",
    "http://localhost/hook",
    "http://[::1]/hook",
    "http://0.0.0.0/hook",
    "http://10.0.0.5/hook",
    "http://192.168.0.10/hook",
    "http://169.254.169.254/latest",
    "http://metadata.google.internal/",
]


@pytest.fixture(autouse=True)
def _nothing_allowed(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = []


@pytest.mark.parametrize("url", INTERNAL)
def test_the_form_refuses_internal_urls_with_a_reason(url):
    form = WebhookEndpointForm(data={"url": url, "events": ["article.published"]})
    assert not form.is_valid()
    assert "Webhooks cannot be sent here" in form.errors["url"][0]


@pytest.mark.parametrize("url", INTERNAL[:3])
def test_the_service_refuses_them_too(url):
    with pytest.raises(ValidationError):
        services.do_create_endpoint(url=url, events=["article.published"])


def test_a_public_url_and_an_allowed_internal_host_are_accepted(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["hooks.intranet"]
    for url in ("https://hooks.example.org/masthead", "http://hooks.intranet/masthead"):
        form = WebhookEndpointForm(data={"url": url, "events": ["article.published"]})
        assert form.is_valid(), form.errors
