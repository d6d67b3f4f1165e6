"""The demo's members: three tiers, members spread over two years, every status."""

import datetime

import pytest
from django.utils import timezone

from masthead.demo import members as demo
from masthead.members.models import Membership, Tier

pytestmark = pytest.mark.django_db


def test_demo_members_once(django_capture_on_commit_callbacks, mailoutbox):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.ensure(now, members=60) == 60
    assert mailoutbox == []  # invented readers are never mailed (no welcome emails)
    assert not Membership.objects.filter(status="active", welcomed_at__isnull=True).exists()
    assert list(Tier.objects.values_list("name", flat=True)) == ["Reader", "Supporter", "Patron"]
    memberships = Membership.objects.all()
    assert memberships.count() == 60
    started = sorted(memberships.values_list("started_at", flat=True))
    assert started[0] < now - datetime.timedelta(days=365) and started[
        -1
    ] > now - datetime.timedelta(days=180)
    assert {"active", "cancelled"} <= set(memberships.values_list("status", flat=True))
    assert demo.ensure(now, members=60) == 0
