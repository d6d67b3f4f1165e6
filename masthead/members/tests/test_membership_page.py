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


def test_the_page_is_cached_and_the_same_for_a_member_who_gets_a_thank_you_part(client, settings):
    from django.core.cache import caches
    from django.test import Client

    caches["pages"].clear()
    settings.PAGE_CACHE_ENABLED = True
    TierFactory(name="Patron")
    url = reverse("members:membership")
    first = Client().get(url)
    assert first.status_code == 200 and "csrftoken" not in first.cookies
    assert Client().get(url)["X-Cache"] == "HIT"
    user = UserFactory()
    make_member(user, TierFactory(name="Gold"))
    client.force_login(user)
    served = client.get(url)
    assert served["X-Cache"] == "HIT" and served.content == first.content
    html = served.content.decode()
    assert 'data-reader-part="membership_page"' in html and "data-reader-csrf" in html
    parts = client.get(reverse("reader"), {"path": url}).json()["parts"]
    assert "Thank you: you are a Gold member" in parts["membership_page"]["html"]
    assert "membership_page" not in Client().get(reverse("reader"), {"path": url}).json().get(
        "parts", {}
    )
    caches["pages"].clear()


def test_editing_a_tier_purges_the_cached_page(
    client, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import caches
    from django.test import Client

    caches["pages"].clear()
    settings.PAGE_CACHE_ENABLED = True
    tier = TierFactory(name="Patron")
    url = reverse("members:membership")
    Client().get(url)
    assert Client().get(url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        tier.name = "Benefactor"
        tier.save()
    fresh = Client().get(url)
    assert fresh["X-Cache"] == "MISS" and "Benefactor" in fresh.content.decode()
    caches["pages"].clear()


def test_the_page_promises_free_journalism_and_shows_card_marks(client):
    TierFactory()
    html = client.get(reverse("members:membership")).content.decode()
    assert "Our journalism is free for everyone, and it stays free." in html
    assert 'aria-label="Accepted payment methods"' in html
    for name in ("Visa", "Mastercard", "American Express", "Apple Pay", "Google Pay"):
        assert f">{name}</title>" in html
    assert html.count('<svg role="img"') >= 6


def test_a_tokenless_join_is_accepted_from_this_site_and_refused_from_another(provider, settings):
    from django.test import Client

    tier = TierFactory()
    price = tier.prices.first()
    browser = Client(enforce_csrf_checks=True)
    same = browser.post(
        reverse("members:join"),
        {"price": price.pk, "mh_src": '{"article": 7, "ref": "news.example"}'},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert same.status_code == 302 and same["Location"] == "https://checkout.example/pay"
    cross = browser.post(
        reverse("members:join"), {"price": price.pk}, HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert cross.status_code == 403
    silent = browser.post(reverse("members:join"), {"price": price.pk})
    assert silent.status_code == 403 and "send it again" in silent.content.decode()
    assert "csrfmiddlewaretoken" in silent.content.decode()
    assert len(provider.choices) == 1


def test_a_member_who_joins_again_is_sent_to_their_account(client, provider):
    user = UserFactory()
    tier = TierFactory()
    make_member(user, tier)
    client.force_login(user)
    response = client.post(reverse("members:join"), {"price": tier.prices.first().pk})
    assert response.status_code == 302 and response["Location"] == reverse("users:account")
    assert provider.choices == []


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
