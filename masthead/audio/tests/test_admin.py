"""What editors see and do: the status panel, the Narrations report, the narration
choices (regenerate, opt out, voice) and the pronunciation lexicon."""

import pytest
from django.urls import reverse

from masthead.audio.models import Narration, PronunciationEntry
from masthead.core.tests.html import soup, text
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = StaffFactory(groups=[roles.EDITORS])
    client.force_login(user)
    return user


def panel(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return text(soup(response).select_one(".narration-panel"))


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"status": "queued"}, "Narration: queued"),
        ({"status": "running"}, "Narration: running"),
        (
            {"status": "done", "duration": 252, "audio": "audio/x.mp3"},
            "Narration: done, 4 min 12 s",
        ),
        (
            {"status": "failed", "error": "RuntimeError: the voice model crashed", "attempts": 4},
            "Narration: failed Error: RuntimeError: the voice model crashed (4 attempts)",
        ),
        ({"status": "off", "enabled": False}, "Narration: off for this article"),
    ],
)
def test_the_article_editor_shows_the_narration_status(client, editor, desk, fields, shown):
    page = desk.article()
    Narration.objects.create(page=page, **fields)

    assert shown in panel(client, page)


def test_a_queued_retry_shows_when_it_will_run(client, editor, desk):
    from django.utils import timezone

    page = desk.article()
    Narration.objects.create(
        page=page,
        status="queued",
        attempts=1,
        error="RuntimeError: boom",
        next_attempt_at=timezone.now(),
    )
    shown = panel(client, page)
    assert "retry 2 at" in shown and "RuntimeError: boom" in shown


def test_an_article_never_narrated_says_so(client, editor, desk):
    assert "Not narrated yet" in panel(client, desk.article())


def test_editors_opt_an_article_out_and_pick_a_voice(client, editor, desk, tone):
    page = desk.article()
    url = reverse("audio_admin:narration", args=[page.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"voice": "tone-b"})  # "enabled" unticked

    assert response.status_code == 302
    narration = Narration.objects.get(page=page)
    assert narration.enabled is False and narration.voice == "tone-b"
    assert narration.status == Narration.Status.OFF


def test_editors_regenerate_a_narration(
    client, editor, desk, tone, django_capture_on_commit_callbacks
):
    page = desk.article()
    url = reverse("audio_admin:narration", args=[page.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"enabled": "on", "voice": "", "regenerate": "on"})

    narration = Narration.objects.get(page=page)
    assert narration.status == Narration.Status.DONE and narration.audio
    assert len(tone.calls) == 1


def test_only_editors_of_the_page_change_its_narration(client, desk):
    page = desk.article()
    client.force_login(StaffFactory(groups=[roles.MODERATORS]))

    response = client.post(reverse("audio_admin:narration", args=[page.pk]), {"voice": ""})

    assert response.status_code in (302, 403)
    assert not Narration.objects.filter(page=page).exists()


def test_the_narrations_report_lists_every_status(client, editor, desk):
    done = desk.article(title="Done story", slug="done")
    failed = desk.article(title="Failed story", slug="failed")
    Narration.objects.create(page=done, status="done", duration=61, audio="audio/d.mp3")
    Narration.objects.create(page=failed, status="failed", error="EngineUnavailable: no voice")

    page = soup(client.get(reverse("audio_admin:narrations")))
    rows = [text(row) for row in page.select("table.listing tbody tr")]

    assert any("Done story" in r and "1 min 1 s" in r for r in rows)
    assert any("Failed story" in r and "EngineUnavailable: no voice" in r for r in rows)
    only_failed = soup(client.get(reverse("audio_admin:narrations") + "?status=failed"))
    assert len(only_failed.select("table.listing tbody tr")) == 1


def test_the_lexicon_is_a_snippet_editors_manage(client, editor):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    entry = PronunciationEntry.objects.create(word="Kyiv", respelling="keev")
    url = AdminURLFinder(editor).get_edit_url(entry)
    assert url
    assert client.get(url).status_code == 200
