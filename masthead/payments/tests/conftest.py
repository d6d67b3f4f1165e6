import pytest

from masthead.payments.tests.fake_stripe import WEBHOOK_SECRET, FakeStripe


@pytest.fixture(scope="session")
def _fake_stripe_server():
    server = FakeStripe().start()
    yield server
    server.stop()


@pytest.fixture
def fake_stripe(_fake_stripe_server, settings):
    """Stripe's API on 127.0.0.1, with keys set as production would."""
    settings.STRIPE_SECRET_KEY = "sk_test_masthead"  # noqa: S105 - a test key
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = _fake_stripe_server.url
    _fake_stripe_server.reset()
    yield _fake_stripe_server
