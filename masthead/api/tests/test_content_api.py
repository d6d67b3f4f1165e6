"""The public Content API (masthead/api/content.py): lists, filters, cursors, detail,
errors, caching through the page cache and the FastPath, purges on publish, CORS, and
the OpenAPI document with its docs page."""

import base64
import datetime
import json
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticlePageFactory, SectionPageFactory
from masthead.core import pagecache

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def get_json(url, client=None, status=200, **headers):
    response = (client or Client()).get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def walk(url):
    """Every item of a list, following `next` to the end, and the number of pages."""
    items, pages = [], 0
    while url:
        body = get_json(url)
        items += body["items"]
        pages += 1
        url = body["next"]
        assert pages < 100
    return items, pages


def live_articles():
    return ArticlePage.objects.live().public().filter(published_at__isnull=False)


# --- lists and filters ---------------------------------------------------------------


def test_articles_are_listed_newest_first_with_their_metadata(newsroom):
    body = get_json(ARTICLES)
    expected = list(live_articles().order_by("-published_at", "-pk").values_list("pk", flat=True))
    assert [item["id"] for item in body["items"]] == expected
    assert body["next"] is None

    article = newsroom.articles[-1].specific
    item = body["items"][0]
    assert item["id"] == article.pk
    assert item["headline"] == article.title
    assert item["standfirst"] == article.standfirst
    assert item["kind"] == "news"
    assert item["url"] == article.full_url
    assert item["api_url"] == f"http://localhost{ARTICLES}{article.pk}/"
    assert item["section"] == {
        "id": article.section.pk,
        "slug": article.section.slug,
        "title": article.section.title,
        "url": article.section.full_url,
    }
    assert [a["slug"] for a in item["authors"]] == [a.slug for a in article.ordered_authors]
    assert item["authors"][0]["url"] == article.ordered_authors[0].full_url
    assert sorted(t["slug"] for t in item["tags"]) == sorted(t.slug for t in article.tags.all())
    assert item["tags"][0]["url"].startswith("http://localhost/topics/")
    # JSON times are UTC to the millisecond
    published = datetime.datetime.fromisoformat(item["published_at"])
    assert published == article.published_at.replace(microsecond=published.microsecond)
    assert abs(published - article.published_at) < datetime.timedelta(milliseconds=1)
    assert item["word_count"] == article.word_count
    assert item["reading_time"] == article.reading_minutes
    assert item["is_accessible_for_free"] is True
    lead = item["lead_image"]
    assert lead["url"].startswith("http://localhost/media/")
    assert (lead["width"], lead["height"]) == (1200, 675) or lead["width"] / lead[
        "height"
    ] == 16 / 9
    assert "body_html" not in item


@pytest.mark.parametrize("name", ["section", "tag", "author", "kind"])
def test_each_filter_narrows_the_list(newsroom, name):
    article = newsroom.articles[4].specific
    if name == "section":
        value = article.section.slug
        expected = live_articles().filter(section=article.section)
    elif name == "tag":
        value = article.tags.first().slug
        expected = live_articles().filter(tagged_items__tag__slug=value)
    elif name == "author":
        value = article.ordered_authors[0].slug
        expected = live_articles().filter(article_authors__author__slug=value)
    else:
        ArticlePage.objects.filter(pk=article.pk).update(kind="analysis")
        value = "analysis"
        expected = live_articles().filter(kind="analysis")
    body = get_json(f"{ARTICLES}?{name}={value}")
    ids = [item["id"] for item in body["items"]]
    assert article.pk in ids
    assert sorted(ids) == sorted(expected.values_list("pk", flat=True))
    assert 0 < len(ids) < len(newsroom.articles)


def test_filters_combine(newsroom):
    article = newsroom.articles[5].specific
    section, author = article.section.slug, article.ordered_authors[0].slug
    ids = [i["id"] for i in get_json(f"{ARTICLES}?section={section}&author={author}")["items"]]
    expected = live_articles().filter(
        section=article.section, article_authors__author=article.ordered_authors[0]
    )
    assert sorted(ids) == sorted(expected.values_list("pk", flat=True))


# --- cursors ---------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 5, 12])
def test_walking_the_cursor_visits_every_article_once_in_order(newsroom, limit):
    items, pages = walk(f"{ARTICLES}?limit={limit}")
    expected = list(live_articles().order_by("-published_at", "-pk").values_list("pk", flat=True))
    assert [item["id"] for item in items] == expected
    assert pages == -(-len(expected) // limit)


def test_walking_the_cursor_over_equal_timestamps_has_no_gaps(newsroom):
    same = timezone.now() - datetime.timedelta(days=1)
    ArticlePage.objects.update(published_at=same)
    items, _ = walk(f"{ARTICLES}?limit=5")
    ids = [item["id"] for item in items]
    assert ids == sorted(live_articles().values_list("pk", flat=True), reverse=True)


def test_next_keeps_the_filters_and_is_absolute(newsroom):
    section = newsroom.sections[0].slug
    body = get_json(f"{ARTICLES}?section={section}&limit=2")
    assert body["next"].startswith(f"http://localhost{ARTICLES}?")
    assert f"section={section}" in body["next"] and "limit=2" in body["next"]
    items, _ = walk(body["next"])
    assert {item["section"]["slug"] for item in items} == {section}


def test_updated_since_lists_changes_oldest_first_for_sync_clients(newsroom):
    now = timezone.now()
    first, second = newsroom.articles[2], newsroom.articles[7]
    for article, minutes in ((second, 1), (first, 2)):
        article = ArticlePage.objects.get(pk=article.pk)
        article.updated_at = now + datetime.timedelta(minutes=minutes)
        article.save(update_fields=["updated_at"])
    since = now.isoformat()
    body = get_json(f"{ARTICLES}?updated_since={since.replace('+', '%2B')}")
    assert [item["id"] for item in body["items"]] == [second.pk, first.pk]
    assert body["items"][0]["modified_at"] < body["items"][1]["modified_at"]

    # a walk one item at a time resumes after each, and without a zone means UTC
    naive = now.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()
    items, pages = walk(f"{ARTICLES}?updated_since={naive}&limit=1")
    assert [item["id"] for item in items] == [second.pk, first.pk]

    # everything changed at or after the oldest publication, in change order
    everything, _ = walk(f"{ARTICLES}?updated_since=2000-01-01T00:00:00Z&limit=5")
    assert len(everything) == live_articles().count()
    assert [item["id"] for item in everything][-2:] == [second.pk, first.pk]


def test_sections_authors_and_tags(newsroom):
    sections, _ = walk("/api/v1/sections/?limit=2")
    assert [s["slug"] for s in sections] == [s.slug for s in newsroom.sections]
    assert sections[0]["articles_url"] == f"http://localhost{ARTICLES}?section=war"

    authors, pages = walk("/api/v1/authors/?limit=1")
    assert pages == len(newsroom.authors)
    assert [a["name"] for a in authors] == sorted(a.title for a in newsroom.authors)
    assert authors[0]["photo"]["url"].startswith("http://localhost/media/")

    tags, _ = walk("/api/v1/tags/?limit=3")
    counts = {t["slug"]: t["article_count"] for t in tags}
    for slug, count in counts.items():
        assert count == live_articles().filter(tagged_items__tag__slug=slug).count()
    assert [t["name"] for t in tags] == sorted(t["name"] for t in tags)
    assert set(counts) == {"kharkiv", "energy", "frontline", "economy"}


# --- detail ----------------------------------------------------------------------------


def test_article_detail_has_the_body_with_absolute_links(newsroom):
    article = newsroom.articles[3].specific
    other = newsroom.articles[0]
    link = f'<p>See <a linktype="page" id="{other.pk}">the earlier report</a>.</p>'
    article.body.append(("paragraph", RichText(link)))
    article.save()
    body = get_json(f"{ARTICLES}{article.pk}/")
    assert body["id"] == article.pk
    assert body["headline"] == article.title
    assert body["body_html"].startswith("<")
    assert f'href="{other.full_url}"' in body["body_html"]
    assert 'href="/' not in body["body_html"] and 'src="/' not in body["body_html"]
    assert body["narration"] is None
    listed = next(i for i in get_json(ARTICLES)["items"] if i["id"] == article.pk)
    assert {k: v for k, v in body.items() if k not in ("body_html", "narration")} == listed


def test_article_detail_names_a_ready_narration(newsroom):
    from masthead.audio.models import Narration

    article = newsroom.articles[6]
    narration = Narration.objects.create(
        page_id=article.pk, status="done", audio="audio/2026/11/n.mp3", duration=61.5, size=4096
    )
    body = get_json(f"{ARTICLES}{article.pk}/")
    assert body["narration"] == {
        "url": f"http://localhost/audio/{narration.guid}.mp3",
        "content_type": "audio/mpeg",
        "duration": 61.5,
        "size": 4096,
    }


def test_drafts_and_private_articles_are_not_shown(newsroom):
    section = newsroom.sections[0]
    draft = ArticlePageFactory(parent=section, live=False, authors=[newsroom.authors[0]])
    private = ArticlePageFactory(parent=section, authors=[newsroom.authors[0]])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    hidden_section = SectionPageFactory(parent=newsroom.home, slug="members-desk")
    PageViewRestriction.objects.create(page=hidden_section, restriction_type="login")
    inside = ArticlePageFactory(parent=hidden_section, authors=[newsroom.authors[0]])

    items, _ = walk(f"{ARTICLES}?limit=100")
    ids = {item["id"] for item in items}
    assert ids == set(live_articles().values_list("pk", flat=True))
    for hidden in (draft, private, inside):
        assert hidden.pk not in ids
        assert get_json(f"{ARTICLES}{hidden.pk}/", status=404) == {
            "detail": "No published article has this id."
        }
    assert "members-desk" not in {s["slug"] for s in walk("/api/v1/sections/")[0]}


# --- errors: JSON naming the parameter, never a 500 ----------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=" + base64.urlsafe_b64encode(b'{"o":"sections","k":["0001"]}').decode(), "cursor"),
        ("cursor=" + base64.urlsafe_b64encode(b'{"o":"published","k":[1,2]}').decode(), "cursor"),
        (
            "cursor="
            + base64.urlsafe_b64encode(b'{"o":"published","k":["2020-01-01T00:00:00",1]}').decode(),
            "cursor",
        ),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=0001-01-01T00:00:00%2B05:00", "updated_since"),
        ("section=no-such-desk", "section"),
        ("tag=no-such-topic", "tag"),
        ("author=nobody", "author"),
        ("section=war%00", "section"),
        ("kind=gossip", "kind"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
    ],
)
def test_bad_parameters_get_422_naming_the_parameter(newsroom, query, field):
    body = get_json(f"{ARTICLES}?{query}", status=422)
    assert [problem["loc"] for problem in body["detail"]] == [["query", field]]
    assert body["detail"][0]["msg"]
    assert set(body["detail"][0]) == {"loc", "msg", "type"}


@pytest.mark.parametrize("article_id", ["0", "-3", "999999", str(2**70)])
def test_unknown_ids_get_a_json_404(newsroom, article_id):
    assert get_json(f"{ARTICLES}{article_id}/", status=404)["detail"]


def test_a_cursor_from_another_list_is_refused(newsroom):
    cursor = get_json("/api/v1/authors/?limit=1")["next"].split("cursor=")[1].split("&")[0]
    body = get_json(f"{ARTICLES}?cursor={cursor}", status=422)
    assert body["detail"][0]["loc"] == ["query", "cursor"]


# --- a fixed number of queries ------------------------------------------------------------


@pytest.mark.parametrize("path", [ARTICLES, "/api/v1/authors/", "/api/v1/tags/"])
def test_list_queries_do_not_grow_with_the_page_size(newsroom, path):
    counts = []
    for limit in (2, 12):
        get_json(f"{path}?limit={limit}")  # renditions made, site root paths cached
        with CaptureQueriesContext(connection) as captured:
            body = get_json(f"{path}?limit={limit}")
        assert len(body["items"]) == 2 if limit == 2 else len(body["items"]) > 2
        counts.append(len(captured.captured_queries))
    print(f"\n{path}: {counts[0]} queries at limit 2, {counts[1]} at limit 12")
    assert counts[0] == counts[1], counts


# --- caching: validators, 304, the page cache and the FastPath ----------------------------------


@pytest.fixture
def page_cache():
    caches["pages"].clear()
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield caches["pages"]
    caches["pages"].clear()


def test_responses_carry_validators_without_the_page_cache(newsroom):
    article = newsroom.articles[1]
    response = Client().get(f"{ARTICLES}{article.pk}/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "s-maxage=" in response["Cache-Control"]
    again = Client().get(f"{ARTICLES}{article.pk}/", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path", [ARTICLES, "/api/v1/sections/", "/api/v1/authors/", "/api/v1/tags/", "detail"]
)
def test_api_reads_are_cached_like_pages(newsroom, page_cache, path):
    if path == "detail":
        path = f"{ARTICLES}{newsroom.articles[2].pk}/"
    first = Client().get(path)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert first["Content-Type"] == "application/json; charset=utf-8"
    for directive in ("public", "s-maxage=", "stale-while-revalidate=", "stale-if-error="):
        assert directive in first["Cache-Control"]
    second = Client().get(path)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    not_modified = Client().get(path, headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304
    gzipped = Client().get(path, headers={"Accept-Encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip" or len(first.content) < 512


def wsgi_environ(path, method="GET", query="", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "testserver"
    return environ


@pytest.fixture
def wsgi():
    """Call the deployed WSGI stack (config/wsgi.py: CORS, FastPath, Django) in this test's
    transaction: like Django's test client, keep it from closing the connection."""
    from config.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def call(path, method="GET", query="", **headers):
        captured = {}

        def start_response(status, response_headers, exc_info=None):
            captured["status"] = int(status.split()[0])
            captured["headers"] = response_headers

        result = application(wsgi_environ(path, method, query, **headers), start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return captured["status"], captured["headers"], body

    yield call
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def header(headers, name):
    values = [value for key, value in headers if key.lower() == name.lower()]
    assert len(values) <= 1, (name, values)
    return values[0] if values else None


def test_the_fast_path_serves_cached_json(newsroom, page_cache):
    path = f"{ARTICLES}{newsroom.articles[3].pk}/"
    stored = Client().get(path)

    def django_app(environ, start_response):
        raise AssertionError("a fresh hit must not reach Django")

    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(pagecache.FastPath(django_app)(wsgi_environ(path), start_response))
    assert captured["status"] == "200 OK"
    assert body == stored.content
    assert captured["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert captured["headers"]["X-Cache"] == "HIT"
    assert captured["headers"]["ETag"] == stored["ETag"]
    pagecache.FastPath(django_app)(wsgi_environ(path, If_None_Match=stored["ETag"]), start_response)
    assert captured["status"] == "304 Not Modified"


def test_publishing_makes_the_next_api_read_fresh(
    newsroom, page_cache, django_capture_on_commit_callbacks
):
    article = newsroom.articles[8].specific
    tag = article.tags.first().slug
    paths = [
        ARTICLES,
        f"{ARTICLES}?section={article.section.slug}",
        f"{ARTICLES}?tag={tag}&limit=3",
        f"{ARTICLES}{article.pk}/",
        "/api/v1/tags/",
    ]
    for path in paths:
        Client().get(path)
        assert Client().get(path)["X-Cache"] == "HIT"
    unrelated = "/api/v1/sections/"
    Client().get(unrelated)

    article.title = "Ferry service resumes after a week of storms"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    for path in paths:
        response = Client().get(path)
        assert response["X-Cache"] == "MISS", path
    assert get_json(f"{ARTICLES}{article.pk}/")["headline"] == article.title
    assert Client().get(unrelated)["X-Cache"] == "HIT"


def test_unpublishing_removes_the_article_from_the_next_read(
    newsroom, page_cache, django_capture_on_commit_callbacks
):
    article = newsroom.articles[9].specific
    detail = f"{ARTICLES}{article.pk}/"
    assert Client().get(detail).status_code == 200
    Client().get(ARTICLES)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert Client().get(detail).status_code == 404
    assert article.pk not in [i["id"] for i in get_json(ARTICLES)["items"]]


# --- CORS, outside the caches ---------------------------------------------------------------


def test_cors_allows_any_origin_by_default_even_on_cache_hits(newsroom, page_cache, wsgi):
    path = f"{ARTICLES}{newsroom.articles[10].pk}/"
    states = []
    for _ in range(2):
        status, headers, _body = wsgi(path, Origin="https://reader.example")
        assert status == 200
        assert header(headers, "Access-Control-Allow-Origin") == "*"
        assert "ETag" in header(headers, "Access-Control-Expose-Headers")
        states.append(header(headers, "X-Cache"))
    assert states == ["MISS", "HIT"]
    etag = header(headers, "ETag")
    status, headers, _body = wsgi(path, Origin="https://reader.example", If_None_Match=etag)
    assert status == 304
    assert header(headers, "Access-Control-Allow-Origin") == "*"


def test_cors_preflight_is_answered(newsroom, wsgi):
    status, headers, body = wsgi(
        ARTICLES,
        method="OPTIONS",
        Origin="https://reader.example",
        Access_Control_Request_Method="GET",
        Access_Control_Request_Headers="if-none-match",
    )
    assert status == 204
    assert body == b""
    assert header(headers, "Access-Control-Allow-Origin") == "*"
    assert "GET" in header(headers, "Access-Control-Allow-Methods")
    assert "If-None-Match" in header(headers, "Access-Control-Allow-Headers")
    assert int(header(headers, "Access-Control-Max-Age")) > 0


@override_settings(API_CORS_ALLOWED_ORIGINS=["https://a.example", "https://b.example"])
def test_cors_with_a_list_answers_each_origin_from_one_cached_copy(newsroom, page_cache, wsgi):
    path = f"{ARTICLES}{newsroom.articles[11].pk}/"
    seen = []
    for origin in ("https://a.example", "https://b.example", "https://evil.example"):
        status, headers, body = wsgi(path, Origin=origin)
        assert status == 200
        expected = None if origin == "https://evil.example" else origin
        assert header(headers, "Access-Control-Allow-Origin") == expected
        assert "Origin" in header(headers, "Vary")
        seen.append((header(headers, "X-Cache"), body))
    assert [state for state, _ in seen] == ["MISS", "HIT", "HIT"]
    assert len({body for _, body in seen}) == 1
    status, headers, _body = wsgi(
        ARTICLES,
        method="OPTIONS",
        Origin="https://evil.example",
        Access_Control_Request_Method="GET",
    )
    assert status == 204
    assert header(headers, "Access-Control-Allow-Origin") is None


def test_cors_is_only_for_the_content_api(newsroom, wsgi):
    _status, headers, _body = wsgi("/", Origin="https://reader.example")
    assert header(headers, "Access-Control-Allow-Origin") is None
    _status, headers, _body = wsgi("/api/v1/admin/", Origin="https://reader.example")
    assert header(headers, "Access-Control-Allow-Origin") is None


# --- the OpenAPI document and the docs -----------------------------------------------------------


def test_the_schema_is_a_valid_openapi_3_document_declaring_every_answer(db):
    from openapi_spec_validator import validate

    response = Client().get("/api/schema/")
    assert response.status_code == 200
    spec = json.loads(response.content)
    assert spec["openapi"].startswith("3.")
    validate(spec)
    paths = spec["paths"]
    lists = [f"/api/v1/{name}/" for name in ("articles", "sections", "authors", "tags")]
    for path in lists:
        assert set(paths[path]["get"]["responses"]) == {"200", "304", "422"}, path
    detail = paths["/api/v1/articles/{article_id}/"]["get"]["responses"]
    assert set(detail) == {"200", "304", "404", "422"}
    params = {p["name"] for p in paths[ARTICLES]["get"]["parameters"]}
    assert params == {"section", "tag", "author", "kind", "updated_since", "cursor", "limit"}


def test_the_docs_work_offline_from_bundled_files(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower()


def test_a_finished_narration_purges_the_article_detail(
    newsroom, page_cache, django_capture_on_commit_callbacks
):
    from masthead.audio import services as audio_services

    article = newsroom.articles[0].specific
    detail = f"{ARTICLES}{article.pk}/"
    Client().get(detail)
    assert Client().get(detail)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        audio_services._purge_after_commit(article)
    assert Client().get(detail)["X-Cache"] == "MISS"


# --- the smaller findings of the hardening review (issue #12) ------------------------------


@pytest.mark.parametrize("path", [ARTICLES, "/api/v1/sections/", "/api/schema/"])
def test_head_answers_like_get_without_a_body(newsroom, path):
    got = Client().get(path)
    head = Client().head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))


def test_head_of_an_article_and_of_a_missing_one(newsroom):
    article = newsroom.articles[0]
    assert Client().head(f"{ARTICLES}{article.pk}/").status_code == 200
    assert Client().head(f"{ARTICLES}999999/").status_code == 404


def test_operation_ids_stay_unique(newsroom):
    schema = get_json("/api/schema/")
    ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    assert not any("head" in item for item in schema["paths"].values())


@pytest.mark.parametrize("value", ["1", "1700000000", "1700000000.5", "-1", "2026", "1e9"])
def test_updated_since_refuses_a_unix_time(newsroom, value):
    body = get_json(f"{ARTICLES}?updated_since={value}", status=422)
    [problem] = body["detail"]
    assert problem["loc"] == ["query", "updated_since"]
    assert "ISO 8601" in problem["msg"]


def test_a_cursor_made_for_one_filter_is_refused_with_another(newsroom):
    section = newsroom.sections[0]
    other = newsroom.sections[1]
    first = get_json(f"{ARTICLES}?section={section.slug}&limit=1")
    assert first["next"]
    cursor = first["next"].split("cursor=")[1].split("&")[0]

    assert get_json(f"{ARTICLES}?section={section.slug}&limit=1&cursor={cursor}")["items"]
    for query in (f"section={other.slug}", "", "kind=analysis", "tag=energy"):
        body = get_json(f"{ARTICLES}?{query}&cursor={cursor}", status=422)
        [problem] = body["detail"]
        assert problem["loc"] == ["query", "cursor"]
        assert "other filters" in problem["msg"]
    # updated_since lists in another order: that cursor is not even of this list.
    body = get_json(f"{ARTICLES}?updated_since=2000-01-01&cursor={cursor}", status=422)
    assert body["detail"][0]["loc"] == ["query", "cursor"]
    # The limit is not a filter: a client may change its page size on the way.
    assert get_json(f"{ARTICLES}?section={section.slug}&limit=3&cursor={cursor}")["items"]


def test_an_updated_since_cursor_holds_for_the_same_time_written_otherwise(newsroom):
    first = get_json(f"{ARTICLES}?updated_since=2000-01-01T00:00:00Z&limit=1")
    cursor = first["next"].split("cursor=")[1].split("&")[0]
    again = get_json(
        f"{ARTICLES}?updated_since=2000-01-01T00:00:00%2B00:00&limit=1&cursor={cursor}"
    )
    assert again["items"]
