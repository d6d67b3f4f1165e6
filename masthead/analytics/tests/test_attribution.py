"""Conversions are stored with their source when an app records one (core/attribution.py).

Newsletters (signup) and payments (membership, donation, gift) call
`attribution.record_conversion` on their own branches; here the calls are made as they
make them: a signup form's `mh_src` field read with `from_request`, a checkout's source
carried through Stripe metadata with `dumps`/`loads`."""

import pytest
from django.test import RequestFactory

from masthead.analytics import queries
from masthead.analytics.models import Conversion
from masthead.core import attribution
from masthead.core.tests.fixtures import module_data

from .factories import newsroom

pytestmark = pytest.mark.django_db

data = module_data(lambda: newsroom(articles=1))


def test_a_newsletter_signup_is_credited_to_the_article_referrer_and_campaign(
    data, django_capture_on_commit_callbacks
):
    story = data[3][0]
    form = RequestFactory().post(
        "/newsletters/signup/",
        {
            "email": "reader@example.org",
            "mh_src": f'{{"article":{story.pk},"ref":"www.News.example","utm":"spring"}}',
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        attribution.record_conversion(
            "signup", attribution.from_request(form), ref="subscription:7"
        )
        assert not Conversion.objects.exists()  # only once the owner's change is committed
    conversion = Conversion.objects.get()
    assert (conversion.kind, conversion.article, conversion.referrer, conversion.campaign) == (
        "signup", story, "news.example", "spring",
    )  # fmt: skip


def test_a_checkout_carries_its_source_in_stripe_metadata(data, django_capture_on_commit_callbacks):
    story = data[3][0]
    metadata = {"mh_src": attribution.dumps({"article": story.pk, "utm": "birthday"})}
    assert len(metadata["mh_src"]) <= 500
    # … later, in the webhook that grants the membership:
    source = attribution.loads(metadata["mh_src"])
    for _replay in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            attribution.record_conversion(
                "membership", source, amount=500, currency="EUR", ref="membership:12"
            )
    conversion = Conversion.objects.get()  # a replayed webhook is stored once
    assert (conversion.article, conversion.campaign, conversion.amount, conversion.currency) == (
        story, "birthday", 500, "eur",
    )  # fmt: skip
    period = queries.Period.last_days(1)
    [row] = queries.conversions_by_article(period)
    assert (row["article_id"], row["membership"], row["signup"]) == (story.pk, 1, 0)


def test_an_unknown_article_or_no_source_counts_as_direct(data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        attribution.record_conversion("donation", {"article": 999999}, ref="payment:1")
        attribution.record_conversion("gift", {}, ref="gift:1")
    assert list(Conversion.objects.values_list("article", "referrer", "campaign")) == [
        (None, "", ""), (None, "", ""),
    ]  # fmt: skip
