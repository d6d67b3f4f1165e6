"""The demo's newsletter audience: invented subscribers over two years and two sent
issues in the public archive, their deliveries recorded, and nobody mailed."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from masthead.demo import newsletters as demo
from masthead.newsletters.models import Delivery, Issue, Newsletter, Subscriber, Subscription

pytestmark = pytest.mark.django_db


def test_demo_audience_and_sent_issues_once(
    newsroom, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    demo.ensure_newsletters({}, "letters@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.ensure_audience(now, subscribers=300) == 300
    assert mailoutbox == []
    assert Newsletter.objects.count() == 4
    joined = sorted(Subscriber.objects.values_list("created_at", flat=True))
    assert joined[0] < now - datetime.timedelta(days=365)
    statuses = set(Subscription.objects.values_list("status", flat=True))
    assert statuses == {"confirmed", "pending", "unsubscribed"}
    first = Subscription.objects.order_by("created_at").first()
    assert first.created_at < now - datetime.timedelta(days=365)
    issues = Issue.objects.filter(status="sent")
    assert issues.count() == 2
    for issue in issues:
        assert issue.total == Delivery.objects.filter(issue=issue, status="sent").count() > 0
        page = Client().get(f"/newsletters/{issue.newsletter.slug}/archive/{issue.pk}/")
        assert page.status_code == 200 and issue.subject in page.text
    assert demo.ensure_audience(now, subscribers=300) == 0
