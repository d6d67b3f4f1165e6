"""Admin API articles: create, read, update, publish, schedule, unpublish, body handling,
validation errors with paths, and the site and cache after a publish."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from masthead.articles.models import ArticlePage

from .admin_fixtures import ApiClient, make_key

pytestmark = pytest.mark.django_db

URL = "/api/v1/admin/articles/"


def article(**overrides):
    data = {
        "headline": "Power returns to the river port",
        "standfirst": "Repair crews worked through the night.",
        "section": "war",
        "kind": "analysis",
        "authors": ["ihor-savchenko", "olena-kovalenko"],
        "tags": ["Energy", "Kharkiv"],
        "body_html": "<p>The lights came back at dawn.</p>",
    }
    data.update(overrides)
    return data


def test_create_draft(api, desk):
    response = api.post(URL, article())
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert data["live"] is False
    assert data["url"] is None
    assert data["section"]["slug"] == "war"
    assert [a["slug"] for a in data["authors"]] == ["ihor-savchenko", "olena-kovalenko"]
    assert data["tags"] == ["Energy", "Kharkiv"]
    assert data["kind"] == "analysis"
    page = ArticlePage.objects.get(pk=data["id"])
    assert page.get_parent().pk == desk.war.pk
    assert page.owner == desk.editor
    assert page.revisions.count() == 1
    assert page.latest_revision.user == desk.editor


def test_create_and_publish_shows_on_the_site(api, desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, article(publish=True, section=desk.war.pk))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "live"
    assert data["published_at"]
    page = ArticlePage.objects.get(pk=data["id"])
    assert page.live and page.published_at is not None
    reader = Client().get(page.url)
    assert reader.status_code == 200
    assert b"Power returns to the river port" in reader.content
    assert b"The lights came back at dawn." in reader.content


def test_create_scheduled(api):
    when = timezone.now() + datetime.timedelta(days=1)
    response = api.post(URL, article(go_live_at=when.isoformat()))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "scheduled"
    assert datetime.datetime.fromisoformat(data["go_live_at"]) == when.replace(microsecond=0) or (
        abs(datetime.datetime.fromisoformat(data["go_live_at"]) - when)
        < datetime.timedelta(seconds=1)
    )
    assert not ArticlePage.objects.get(pk=data["id"]).live


def test_schedule_in_the_past_is_refused(api):
    created = api.post(URL, article()).json()
    past = timezone.now() - datetime.timedelta(hours=1)
    response = api.post(f"{URL}{created['id']}/schedule/", {"go_live_at": past.isoformat()})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "go_live_at"]


def test_publish_schedule_unpublish_cycle(api, django_capture_on_commit_callbacks):
    created = api.post(URL, article()).json()
    base = f"{URL}{created['id']}/"
    when = timezone.now() + datetime.timedelta(hours=3)
    scheduled = api.post(base + "schedule/", {"go_live_at": when.isoformat()})
    assert scheduled.status_code == 200, scheduled.json()
    assert scheduled.json()["status"] == "scheduled"
    with django_capture_on_commit_callbacks(execute=True):
        published = api.post(base + "publish/")
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "live"
    assert published.json()["go_live_at"] is None
    page = ArticlePage.objects.get(pk=created["id"])
    assert Client().get(page.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        unpublished = api.post(base + "unpublish/")
    assert unpublished.json()["status"] == "draft"
    assert Client().get(page.url).status_code == 404


def test_update_makes_a_revision_and_republishes(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(URL, article(publish=True)).json()
    base = f"{URL}{created['id']}/"
    page = ArticlePage.objects.get(pk=created["id"])
    draft = api.patch(base, {"headline": "Power returns, then fails again"})
    assert draft.status_code == 200, draft.json()
    assert draft.json()["headline"] == "Power returns, then fails again"
    assert draft.json()["has_unpublished_changes"] is True
    assert draft.json()["tags"] == ["Energy", "Kharkiv"]  # untouched fields stay
    assert b"then fails again" not in Client().get(page.url).content
    with django_capture_on_commit_callbacks(execute=True):
        live = api.patch(base, {"standfirst": "A second outage.", "publish": True})
    assert live.json()["status"] == "live"
    assert live.json()["has_unpublished_changes"] is False
    reader = Client().get(page.url).content
    assert b"then fails again" in reader and b"A second outage." in reader
    assert page.revisions.count() == 3


def test_get_shows_the_latest_draft(api):
    created = api.post(URL, article()).json()
    api.patch(f"{URL}{created['id']}/", {"authors": [], "tags": ["Economy"]})
    data = api.get(f"{URL}{created['id']}/").json()
    assert data["authors"] == [] and data["tags"] == ["Economy"]


def test_missing_article_is_404_json(api):
    response = api.get(f"{URL}999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


# --- the body ----------------------------------------------------------------------


def test_body_html_is_sanitised_into_blocks(api):
    html = (
        "<h2>What happened</h2><p>Crews <strong>worked</strong> all night."
        '<script>alert("x")</script><a href="javascript:alert(1)">bad</a></p>'
        '<p onclick="steal()">Second <em>paragraph</em>.</p><h4>Next</h4><p>Last.</p>'
    )
    data = api.post(URL, article(body_html=html)).json()
    types = [block["type"] for block in data["body"]]
    assert types == ["heading", "paragraph", "heading", "paragraph"]
    assert data["body"][0]["value"] == {"text": "What happened", "level": "h2"}
    assert data["body"][2]["value"]["level"] == "h3"
    text = data["body"][1]["value"]
    assert "<b>worked</b>" in text and "<i>paragraph</i>" in text
    assert "script" not in text and "alert" not in text and "onclick" not in text


def test_body_blocks_are_validated_with_paths(api):
    body = [
        {"type": "paragraph", "value": "<p>Fine.</p>"},
        {"type": "heading", "value": {"text": "", "level": "h2"}},
        {"type": "marquee", "value": "no"},
        {"type": "heading", "value": {"text": "Level", "level": "h9"}},
        {"type": "image", "value": {"image": 999999}},
    ]
    response = api.post(URL, article(body_html=None, body=body))
    assert response.status_code == 422
    problems = response.json()["detail"]
    locs = [problem["loc"] for problem in problems]
    assert ["body", "body", 1, "value", "text"] in locs
    assert ["body", "body", 2, "type"] in locs
    assert ["body", "body", 3, "value", "level"] in locs
    assert ["body", "body", 4, "value", "image"] in locs
    assert all(problem["msg"] and problem["type"] for problem in problems)
    assert "marquee" in next(p["msg"] for p in problems if p["loc"][2] == 2)
    assert not ArticlePage.objects.filter(title="Power returns to the river port").exists()


def test_body_blocks_are_stored(api):
    body = [
        {"type": "heading", "value": {"text": "Timeline", "level": "h3"}},
        {"type": "paragraph", "value": "<p>At 04:00 <b>sirens</b>.</p><script>x()</script>"},
        {"type": "pull_quote", "value": {"quote": "We waited.", "attribution": "A resident"}},
    ]
    data = api.post(URL, article(body_html=None, body=body)).json()
    assert [b["type"] for b in data["body"]] == ["heading", "paragraph", "pull_quote"]
    assert "script" not in data["body"][1]["value"]


def test_unknown_section_author_and_both_bodies(api):
    response = api.post(URL, article(section="sport"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "section"]
    response = api.post(URL, article(authors=["olena-kovalenko", "nobody"]))
    assert response.json()["detail"][0]["loc"] == ["body", "authors", 1]
    response = api.post(URL, article(body=[{"type": "paragraph", "value": "<p>x</p>"}]))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "body"]


def test_schema_errors_use_the_same_shape(api):
    response = api.post(URL, {"headline": "", "section": "war", "kind": "gossip"})
    assert response.status_code == 422
    locs = [problem["loc"] for problem in response.json()["detail"]]
    assert ["body", "payload", "headline"] in locs or ["body", "headline"] in locs


def test_model_validation_errors_name_api_fields(api):
    response = api.post(URL, article(standfirst="x" * 401))
    assert response.status_code == 422


# --- permissions of the key's creator ------------------------------------------------


def test_an_author_role_key_can_draft_but_not_publish(desk):
    _key, token = make_key(desk.writer)
    client = ApiClient(token)
    created = client.post(URL, article())
    assert created.status_code == 201, created.json()
    response = client.post(f"{URL}{created.json()['id']}/publish/")
    assert response.status_code == 403
    assert "detail" in response.json()


# --- the page cache -------------------------------------------------------------------


def test_publishing_purges_the_section_page(
    api, desk, django_capture_on_commit_callbacks, settings
):
    from django.core.cache import caches

    caches["pages"].clear()
    settings.PAGE_CACHE_ENABLED = True
    section_url = desk.war.url
    Client().get(section_url)
    assert Client().get(section_url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(URL, article(headline="Ferry service resumes", publish=True))
    assert created.status_code == 201
    response = Client().get(section_url)
    assert response["X-Cache"] == "MISS"
    assert b"Ferry service resumes" in response.content
    caches["pages"].clear()


def test_what_no_column_can_store_is_422(api):
    """Found by schemathesis on PostgreSQL: NUL characters, times out of range, ids past
    the integer column. (Offsets beyond ±14 h are accepted: times are stored in UTC.)"""
    cases = [
        article(headline="Null\x00byte"),
        article(tags=["ok", "x" * 101]),
        article(lead_image=2**40),
        article(section=str(2**40)),
        article(body_html=None, body=[{"type": "heading", "value": {"text": "a\x00"}}]),
        article(go_live_at="0001-01-01T00:00:00+01:00"),
    ]
    for data in cases:
        response = api.post(URL, data)
        assert response.status_code == 422, (data, response.content)

    odd_offset = api.post(URL, article(go_live_at="2030-01-01T00:00:00+16:15"))
    assert odd_offset.json()["go_live_at"] == "2029-12-31T07:45:00Z"
