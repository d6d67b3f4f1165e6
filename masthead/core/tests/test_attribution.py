"""First-party attribution: a validated source travels with a form and is reported once
the action commits."""

import pytest
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory

from masthead.core import attribution


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            '{"article": 42, "ref": "www.Example.org", "utm": "spring-drive"}',
            {"article": 42, "ref": "example.org", "utm": "spring-drive"},
        ),
        ('{"article": "42"}', {"article": 42}),
        ('{"article": -1, "ref": "javascript:alert(1)", "utm": "\\u0000"}', {}),
        ('{"article": true}', {}),
        ("[1, 2]", {}),
        ("not json", {}),
        ("", {}),
        ('{"utm": "' + "x" * 2000 + '"}', {}),
        ('{"utm": "' + "y" * 300 + '"}', {"utm": "y" * 100}),
    ],
)
def test_loads_keeps_only_valid_parts(raw, expected):
    assert attribution.loads(raw) == expected


def test_dumps_round_trip_fits_stripe_metadata():
    source = {"article": 7, "ref": "news.example.com", "utm": "u" * 100, "extra": "dropped"}
    text = attribution.dumps(source)
    assert len(text) <= 500
    assert attribution.loads(text) == {"article": 7, "ref": "news.example.com", "utm": "u" * 100}


def test_from_request_reads_the_hidden_field():
    request = RequestFactory().post("/subscribe/", {"mh_src": '{"article": 3}'})
    assert attribution.from_request(request) == {"article": 3}
    html = Template("{% load attribution %}{% attribution_field %}").render(Context())
    assert html == '<input type="hidden" name="mh_src" value="" data-attribution>'


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_conversion_is_sent_after_commit_and_never_on_rollback():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    def broken(sender, **kwargs):
        raise RuntimeError("analytics is down")

    attribution.conversion.connect(receiver)
    attribution.conversion.connect(broken)
    try:
        with transaction.atomic():
            attribution.record_conversion(
                "membership", {"article": 5}, amount=500, currency="EUR", ref="membership:1"
            )
            assert received == []
        assert received == [
            {
                "signal": attribution.conversion,
                "kind": "membership",
                "source": {"article": 5},
                "amount": 500,
                "currency": "eur",
                "ref": "membership:1",
            }
        ]
        with pytest.raises(ValueError), transaction.atomic():
            attribution.record_conversion("donation", {}, ref="donation:1")
            raise ValueError("payment failed")
        assert len(received) == 1
        with pytest.raises(ValueError):
            attribution.record_conversion("visit", {})
    finally:
        attribution.conversion.disconnect(receiver)
        attribution.conversion.disconnect(broken)
