"""The "Become a member" page, with and without payments set up."""

import pytest
from django.urls import reverse

from masthead.members import checkout
from masthead.members.tests.factories import TierFactory, make_member
from masthead.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class RecordingProvider:
    """A provider that takes no payment: it records the choice and names a URL."""

    def __init__(self):
        self.choices = []

    def is_configured(self):
        return True

    def start(self, request, choice):
        self.choices.append(choice)
        return "https://checkout.example/pay"


@pytest.fixture
def provider():
    previous = checkout._provider
    recording = RecordingProvider()
    checkout.register_provider(recording)
    yield recording
    checkout.register_provider(previous)


def test_without_stripe_keys_the_page_says_payments_are_not_set_up(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    TierFactory(name="Reader")
    response = client.get(reverse("members:membership"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Payments are not set up yet" in html
    assert "Reader" in html and "5.00 EUR" in html
    joined = client.post(reverse("members:join"), {"amount": "10"})
    assert joined.status_code == 503


def test_support_redirects_to_membership(client):
    response = client.get("/support/")
    assert response.status_code == 301 and response["Location"] == reverse("members:membership")


def test_choosing_a_tier_price_goes_to_the_provider(client, provider):
    tier = TierFactory(prices=[("eur", "year", 6000), ("usd", "month", 700)])
    price = tier.prices.get(currency="usd")
    response = client.post(reverse("members:join"), {"price": price.pk})
    assert response.status_code == 302 and response["Location"] == "https://checkout.example/pay"
    (choice,) = provider.choices
    assert (choice.tier, choice.amount, choice.currency, choice.interval) == (
        tier,
        700,
        "usd",
        "month",
    )


def test_pay_what_you_want_above_the_minimum(client, provider, settings):
    settings.MEMBERS_MINIMUM_AMOUNT = 300
    TierFactory()
    low = client.post(reverse("members:join"), {"amount": "2.50", "frequency": "once"})
    assert low.status_code == 400
    html = low.content.decode()
    assert 'value="2.50"' in html and "At least 3.00 EUR" in html and 'aria-invalid="true"' in html
    ok = client.post(reverse("members:join"), {"amount": "12.34", "frequency": "once"})
    assert ok.status_code == 302
    assert provider.choices[-1].amount == 1234 and provider.choices[-1].interval is None


def test_an_inactive_tier_is_not_offered(client, provider):
    tier = TierFactory(name="Retired tier", active=False)
    assert "Retired tier" not in client.get(reverse("members:membership")).content.decode()
    response = client.post(reverse("members:join"), {"price": tier.prices.first().pk})
    assert response.status_code == 400


def test_a_member_sees_a_thank_you_not_the_pitch(client):
    user = UserFactory()
    make_member(user, TierFactory(name="Patron"))
    client.force_login(user)
    html = client.get(reverse("members:membership")).content.decode()
    assert "Thank you: you are a Patron member" in html
    assert "Pay what you want" not in html


def test_the_account_page_shows_status_tier_and_renewal(client):
    import datetime

    from django.utils import timezone

    user = UserFactory()
    make_member(
        user,
        TierFactory(name="Patron"),
        current_period_end=timezone.now() + datetime.timedelta(days=20),
    )
    client.force_login(user)
    html = client.get(reverse("users:account")).content.decode()
    assert "Patron" in html and "Active" in html and "Renews on" in html
