"""Publishing narrates an article once per spoken text; failures retry with backoff and
never stop a publish."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.rich_text import RichText

from masthead.audio import services
from masthead.audio.models import Narration, PronunciationEntry
from masthead.audio.tasks import narrate_article_task

from .conftest import BROKEN

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "narration"]}
}


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return Narration.objects.get(page=page)


def test_publishing_narrates_the_article(desk, tone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()

    narration = Narration.objects.get(page=page)
    assert narration.status == Narration.Status.DONE
    assert narration.audio and narration.duration > 1 and narration.size > 0
    assert narration.engine == "tone" and narration.used_voice == "tone-a"
    assert tone.calls == [
        "Bridge reopens. By Olena Kovalenko. Traffic returned. The bridge reopened on Tuesday."
    ]


def test_publishing_again_without_a_spoken_change_does_not_narrate_again(
    desk, tone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()
    first = Narration.objects.get(page=page)

    page.search_description = "Only the SEO text changed."
    second = publish(page, django_capture_on_commit_callbacks)

    assert len(tone.calls) == 1
    assert second.audio.name == first.audio.name


def test_a_change_to_the_spoken_text_narrates_again(desk, tone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()
    first = Narration.objects.get(page=page)

    page.body = [("paragraph", RichText("<p>The bridge closed again on Friday.</p>"))]
    second = publish(page, django_capture_on_commit_callbacks)

    assert len(tone.calls) == 2 and "closed again" in tone.calls[1]
    assert second.text_hash != first.text_hash
    assert second.audio.name != first.audio.name
    assert second.guid == first.guid  # the same podcast episode


def test_a_lexicon_change_is_picked_up_on_the_next_publish(
    desk, tone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()
    PronunciationEntry.objects.create(word="Kovalenko", respelling="ko-va-LEN-ko")

    publish(page, django_capture_on_commit_callbacks)

    assert "By Olena ko-va-LEN-ko." in tone.calls[-1]
    assert len(tone.calls) == 2


def test_unrelated_publishing_does_not_narrate_in_the_test_settings(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()
    assert not Narration.objects.filter(page=page).exists()


def test_an_opted_out_article_is_not_narrated(desk, tone, django_capture_on_commit_callbacks):
    page = desk.article(publish=False)
    services.do_update_narration_settings(page, enabled=False)

    narration = publish(page, django_capture_on_commit_callbacks)

    assert narration.status == Narration.Status.OFF and not narration.audio
    assert tone.calls == []


def test_running_the_task_twice_is_safe(desk, tone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()

    narrate_article_task.enqueue(page.pk)
    narrate_article_task.enqueue(10**9)  # deleted since: nothing to do

    assert len(tone.calls) == 1
    assert Narration.objects.get(page=page).status == Narration.Status.DONE


def test_a_failure_never_blocks_publishing_and_is_retried_with_backoff(
    desk, settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_AUTO = True
    settings.NARRATION_ENGINE = BROKEN
    settings.TASKS = DATABASE_TASKS
    settings.NARRATION_RETRY_BACKOFF = 60
    settings.NARRATION_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()
    assert page.live

    queued = DBTaskResult.objects.filter(task_path="masthead.audio.tasks.narrate_article_task")
    assert queued.count() == 1

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_narrate(page.pk)
    narration = Narration.objects.get(page=page)
    assert narration.status == Narration.Status.QUEUED and narration.attempts == 1
    assert narration.error == "RuntimeError: the voice model crashed"
    retry = queued.order_by("-enqueued_at").first()
    assert retry.status == TaskResultStatus.READY
    assert retry.run_after >= before + datetime.timedelta(seconds=59)
    assert narration.next_attempt_at == retry.run_after

    with django_capture_on_commit_callbacks(execute=True):
        services.do_narrate(page.pk)
    narration.refresh_from_db()
    assert narration.attempts == 2
    assert narration.next_attempt_at >= timezone.now() + datetime.timedelta(seconds=119)

    with django_capture_on_commit_callbacks(execute=True):
        services.do_narrate(page.pk)
    narration.refresh_from_db()
    assert narration.status == Narration.Status.FAILED and narration.attempts == 3
    assert queued.count() == 3  # the first run and two retries; no fourth


def test_regenerate_makes_a_new_file_for_the_same_text(
    desk, tone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()
    first = Narration.objects.get(page=page).audio.name

    with django_capture_on_commit_callbacks(execute=True):
        services.do_update_narration_settings(page, enabled=True, regenerate=True)

    assert len(tone.calls) == 2
    assert Narration.objects.get(page=page).audio.name != first


def test_choosing_another_voice_narrates_with_it(desk, tone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.article()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_update_narration_settings(page, enabled=True, voice="tone-b")

    assert Narration.objects.get(page=page).used_voice == "tone-b"
    assert len(tone.calls) == 2


def test_the_demo_queues_the_newest_articles_once(
    desk, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    settings.TASKS = DATABASE_TASKS
    for i in range(3):
        desk.article(title=f"Story {i}", slug=f"story-{i}")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("narrate_articles", newest=2, if_none=True, verbosity=0)
        call_command("narrate_articles", newest=2, if_none=True, verbosity=0)

    assert Narration.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path__startswith="masthead.audio").count() == 2


def stuck(page, **fields):
    """The narration of `page` left as a crash leaves it: asked for, never finished."""
    narration = Narration.objects.get(page=page)
    digest, _voice = services._hash_for(page, narration, services.get_engine())
    Narration.objects.filter(pk=narration.pk).update(requested_hash=digest, audio="", **fields)


@pytest.mark.parametrize(
    ("fields", "queued_again"),
    [
        # running for a worker that beats: on its way
        ({"status": "running", "claimed_by": "alive", "started_at": timezone.now()}, False),
        # running for a worker that died (no beat for TASKS_WORKER_DEAD_AFTER): expired
        ({"status": "running", "claimed_by": "dead", "started_at": timezone.now()}, True),
        # running outside any worker: expires after NARRATION_STUCK_AFTER
        ({"status": "running", "started_at": timezone.now()}, False),
        ({"status": "running", "started_at": timezone.now() - datetime.timedelta(hours=1)}, True),
        # queued and never picked up (its task was lost): expires too
        ({"status": "queued", "requested_at": timezone.now()}, False),
        ({"status": "queued", "requested_at": timezone.now() - datetime.timedelta(hours=1)}, True),
    ],
)
def test_already_on_its_way_expires(
    desk, tone, settings, fields, queued_again, django_capture_on_commit_callbacks
):
    from masthead.core.models import WorkerBeat

    settings.TASKS = DATABASE_TASKS
    settings.NARRATION_AUTO = False
    settings.NARRATION_STUCK_AFTER = 1800
    now = timezone.now()
    for worker_id, beat in (("alive", now), ("dead", now - datetime.timedelta(minutes=5))):
        WorkerBeat.objects.create(
            worker_id=worker_id, queues="*", host="h", pid=1, started_at=beat, beat_at=beat
        )
    page = desk.article()
    Narration.objects.create(page=page)
    stuck(page, **fields)
    queue = DBTaskResult.objects.filter(task_path="masthead.audio.tasks.narrate_article_task")

    with django_capture_on_commit_callbacks(execute=True):
        services.do_request_narration(page)

    assert queue.exists() is queued_again


def test_a_rerun_takes_over_a_narration_its_dead_worker_held(
    desk, tone, django_capture_on_commit_callbacks
):
    page = desk.article()
    Narration.objects.get_or_create(page=page)
    stuck(page, status="running", claimed_by="gone", started_at=timezone.now())

    services.do_narrate(page.pk)

    narration = Narration.objects.get(page=page)
    assert narration.status == Narration.Status.DONE and narration.audio
    assert narration.claimed_by == ""
