"""The promises about delivery: any order, any number of times, all at once.

Stripe delivers at least once, in no particular order, sometimes concurrently; the
success page may grant before the webhook. These tests hold the membership to one
end state and one welcome email whatever happens."""

import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.members.models import Membership
from masthead.members.tests.factories import TierFactory
from masthead.payments import services
from masthead.payments.models import StripeEvent
from masthead.users.tests.factories import UserFactory

from .builders import Story
from .fake_stripe import event

EVENTS = 9  # how many events Story.events() tells


def end_state(user):
    membership = Membership.objects.get(user=user)
    return (
        membership.status,
        membership.tier.name if membership.tier else None,
        membership.source,
        membership.external_id,
        membership.current_period_end,
        membership.started_at,
        membership.grace_until,
    )


def replay(events, order):
    for index in order:
        services.do_receive_event(events[index])


def in_rollback(fn):
    with transaction.atomic():
        result = fn()
        transaction.set_rollback(True)
    return result


def play(order, upto):
    user, tier = UserFactory(), TierFactory(name="Supporter")
    events = Story(user, tier).events()[:upto]
    replay(events, order)
    return end_state(user)


@pytest.mark.django_db
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_order_any_number_of_times_ends_the_same(data, fake_stripe):
    upto = data.draw(st.integers(1, EVENTS), label="events delivered")
    in_order = in_rollback(lambda: play(range(upto), upto))
    order = data.draw(st.permutations(range(upto)), label="order")
    repeats = data.draw(st.lists(st.integers(0, upto - 1), max_size=8), label="redeliveries")
    positions = data.draw(
        st.lists(st.integers(0, upto + len(repeats)), min_size=len(repeats), max_size=len(repeats))
    )
    shuffled = list(order)
    for index, position in zip(repeats, positions, strict=True):
        shuffled.insert(position, index)
    assert in_rollback(lambda: play(shuffled, upto)) == in_order


def deliver_at_once(calls):
    """Run each call in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    if connection.vendor == "sqlite":  # SQLite has one writer: deliver them in turn
        for call in calls:
            call()
        return
    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_event_delivered_ten_times_at_once_grants_once(fake_stripe):
    user, tier = UserFactory(), TierFactory(name="Supporter")
    evt = Story(user, tier).events()[0]
    deliver_at_once([lambda: services.do_receive_event(evt)] * 10)
    assert Membership.objects.count() == 1
    assert StripeEvent.objects.get().status == "processed"
    assert len([m for m in mail.outbox if user.email in m.to]) == 1
    assert Membership.objects.get().changes.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_success_page_and_the_webhook_racing_grant_once(fake_stripe, client):
    user, tier = UserFactory(email="racer@example.org"), TierFactory()
    client.force_login(user)
    price = tier.prices.get(interval="month")
    session_id = client.post("/membership/join/", {"price": price.pk})["Location"].rsplit("/", 1)[1]
    session = fake_stripe.complete_session(session_id, email=user.email)
    evt = event(
        "checkout.session.completed", session, id="evt_race", created=session["created"] + 1
    )
    deliver_at_once(
        [lambda: services.do_confirm_checkout(session_id), lambda: services.do_receive_event(evt)]
        * 3
    )
    membership = Membership.objects.get()
    assert membership.user == user and membership.is_entitled
    assert membership.changes.count() == 1
    assert len([m for m in mail.outbox if user.email in m.to]) == 1
