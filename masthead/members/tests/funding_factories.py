"""Campaigns and gifts for tests."""

import datetime

from django.utils import timezone

from masthead.members.models import Campaign


def make_campaign(**fields):
    now = timezone.now()
    defaults = {
        "title": "Birthday drive",
        "message": "Goal: 1,000 new members for our birthday",
        "goal_kind": Campaign.Goal.MEMBERS,
        "goal": 1000,
        "starts_at": now - datetime.timedelta(days=10),
        "ends_at": now + datetime.timedelta(days=20),
    }
    defaults.update(fields)
    return Campaign.objects.create(**defaults)
