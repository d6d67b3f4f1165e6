"""The demo's comments: threads on the newest articles, held comments in the queue."""

import datetime

import pytest
from django.utils import timezone

from masthead.comments import queries
from masthead.comments.models import Comment
from masthead.demo import comments as comments_demo
from masthead.members.tests.factories import make_member
from masthead.users.tests.factories import SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_threads_and_held_comments(newsroom):
    for n in range(10):
        make_member(UserFactory(email=f"member{n:04d}@readers.example"))
    SuperuserFactory()
    created = comments_demo.ensure(timezone.now(), articles=3)
    assert created > 12
    assert queries.queue("held").count() == 3
    newest = newsroom.articles[-1]
    counts = queries.counts([a.pk for a in newsroom.articles])
    assert (
        counts[newest.pk]
        == Comment.objects.filter(article=newest, status=Comment.Status.VISIBLE).count()
    )
    assert Comment.objects.filter(staff_reply=True).count() == 1
    assert Comment.objects.filter(parent__isnull=False).exists()
    oldest = Comment.objects.order_by("created_at").first()
    assert oldest.created_at < timezone.now() - datetime.timedelta(hours=5)
    assert comments_demo.ensure(timezone.now()) == 0  # runs once
