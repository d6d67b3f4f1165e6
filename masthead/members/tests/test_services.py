"""Membership changes: idempotent, ordered by their source time, one welcome email."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from masthead.members import services
from masthead.members.models import Membership, MembershipChange
from masthead.members.tests.factories import TierFactory, make_member
from masthead.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0) - datetime.timedelta(days=40)


def at(days):
    return T0 + datetime.timedelta(days=days)


def test_granting_twice_is_one_membership_and_one_welcome(django_capture_on_commit_callbacks):
    user, tier = UserFactory(), TierFactory(name="Supporter")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            services.do_grant_membership(
                user, tier, source=Membership.Source.STRIPE, at=at(0), key="evt_1"
            )
    membership = Membership.objects.get(user=user)
    assert membership.status == "active" and membership.tier == tier
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "Supporter" in mail.outbox[0].body
    assert MembershipChange.objects.filter(membership=membership).count() == 1


def test_an_older_change_is_kept_in_history_but_does_not_apply():
    user, tier = UserFactory(), TierFactory()
    services.do_cancel(user, at=at(5), key="evt_cancel")
    services.do_grant_membership(user, tier, source="stripe", at=at(1), key="evt_grant")
    membership = Membership.objects.get(user=user)
    assert membership.status == "cancelled"
    assert membership.started_at == at(1)
    assert list(membership.changes.values_list("applied", flat=True)) == [False, True]


def test_past_due_keeps_access_during_grace_then_lapses(settings):
    settings.MEMBERS_GRACE_DAYS = 7
    user = UserFactory()
    make_member(user, at=at(0), current_period_end=at(30))
    membership = services.do_mark_past_due(user, at=at(30), key="evt_failed")
    assert membership.is_entitled and membership.grace_until == at(37)
    assert services.do_lapse_overdue(now=at(36)) == 0
    assert services.do_lapse_overdue(now=at(38)) == 1
    membership.refresh_from_db()
    assert membership.status == "lapsed" and not membership.is_entitled
    assert services.do_lapse_overdue(now=at(39)) == 0


def test_an_active_membership_past_its_period_and_grace_lapses(settings):
    settings.MEMBERS_GRACE_DAYS = 7
    user = UserFactory()
    make_member(user, at=at(0), current_period_end=at(10))
    assert services.do_lapse_overdue(now=at(16)) == 0
    assert services.do_lapse_overdue(now=at(18)) == 1


def test_renewal_extends_and_never_shortens_the_period():
    user = UserFactory()
    make_member(user, at=at(0), current_period_end=at(30), key="a")
    services.do_renew(user, current_period_end=at(60), at=at(30), key="b")
    services.do_renew(user, current_period_end=at(30), at=at(0), key="a2")
    assert Membership.objects.get(user=user).current_period_end == at(60)


def test_a_lapsed_member_who_rejoins_gets_no_second_welcome(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        make_member(user, at=at(0), key="a")
        services.do_lapse(user, at=at(1), key="b")
        make_member(user, at=at(2), key="c")
    assert len(mail.outbox) == 1
    assert Membership.objects.get(user=user).status == "active"


def test_flags_accumulate_once_each():
    user = UserFactory()
    make_member(user)
    services.do_flag(user, "dispute on pi_1")
    services.do_flag(user, "dispute on pi_1")
    services.do_flag(user, "two active subscriptions")
    assert Membership.objects.get(user=user).flag == "dispute on pi_1; two active subscriptions"


def test_the_meter_is_off_by_default_and_counts_distinct_articles(settings):
    user = UserFactory()
    assert services.check_metered_read(user, 1) is False
    settings.MEMBERS_METER_FREE_ARTICLES = 2
    assert services.check_metered_read(user, 1)
    assert services.check_metered_read(user, 1)  # the same article again is free
    assert services.check_metered_read(user, 2)
    assert services.check_metered_read(user, 3) is False


def test_the_tier_map_reads_once_and_again_on_a_change_or_a_miss(django_assert_num_queries):
    from masthead.members import queries

    tier = TierFactory(name="Gold")  # a save clears the map
    with django_assert_num_queries(1):
        assert queries.tier_by(pk=tier.pk) == tier
        assert queries.tier_by(pk=str(tier.pk)) == tier
        assert queries.tier_by(pk="nope") is None and queries.tier_by(product=None) is None
    # Another process synced the tier (an UPDATE: no signal here): a miss reads again.
    type(tier).objects.filter(pk=tier.pk).update(external_product_id="prod_gold")
    with django_assert_num_queries(1):
        assert queries.tier_by(product="prod_gold") == tier
    with django_assert_num_queries(0):
        assert queries.tier_by(product="prod_gold") == tier
