"""The demo's reader funding: a campaign two-thirds to its goal, donations, gifts in every
state, reports with something to show, and no email."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from masthead.demo import funding, members
from masthead.members import campaigns
from masthead.members.models import Campaign, Gift, Membership
from masthead.payments import reports
from masthead.payments.models import Donation

pytestmark = pytest.mark.django_db


def test_demo_funding_once_with_no_mail(django_capture_on_commit_callbacks, mailoutbox):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        members.ensure(now, members=60)
        created = funding.ensure(now)
    assert mailoutbox == []
    assert not [c for c in callbacks if "enqueue" in getattr(c, "__qualname__", "")]
    campaign = Campaign.objects.get()
    progress = campaigns.progress(campaign)
    assert 0.6 < progress.current / progress.goal < 0.72 and not progress.ended
    assert {"redeemed", "delivered", "paid"} == set(Gift.objects.values_list("status", flat=True))
    redeemed = Gift.objects.filter(status="redeemed").first()
    assert Membership.objects.get(user=redeemed.redeemed_by).source == "gift"
    assert Donation.objects.filter(monthly=True).exists() and created["donations"] > 140
    assert campaigns.supporter_total() >= 60 + 140
    cache.clear()
    data = reports.figures(fresh=True)
    assert sum(data["joins"]) > 10 and len(set(data["members"])) > 3
    assert sum(data["donated"]) > 0 and sum(data["bought"]) == 10 and sum(data["redeemed"]) == 6
    assert len(set(data["campaigns"][0]["values"])) > 5
    assert funding.ensure(now) == {}
