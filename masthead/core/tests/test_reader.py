"""Signed-in readers are served like anonymous ones (core/reader.py, core/staff.py,
core/csrf.py): the same bytes from the page cache, per-reader parts from the uncached
endpoint, forms in cached pages accepted by token or by origin; staff and per-reader
pages are never cached."""

import json

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from masthead.core import pagecache, reader
from masthead.core.staff import READER_COOKIE, STAFF_COOKIE
from masthead.pages.tests.factories import EDITORS_EMAIL  # noqa: F401 - the form's fixture
from masthead.users.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Ada Reader", "email": "ada@example.org", "message": "Bridges need budgets."}


@pytest.fixture
def page_cache():
    caches["pages"].clear()
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield caches["pages"]
    caches["pages"].clear()


def reader_client():
    client = Client()
    client.force_login(UserFactory(email="member@example.org"))
    return client


# --- the same bytes for a signed-in reader -----------------------------------------


def reading_urls(newsroom):
    return ["/", newsroom.articles[2].url, newsroom.form.url]


def test_a_signed_in_reader_gets_the_anonymous_bytes_without_the_cache(newsroom):
    signed_in = reader_client()
    for url in reading_urls(newsroom):
        anonymous = Client().get(url)
        personal = signed_in.get(url)
        assert anonymous.status_code == personal.status_code == 200, url
        assert personal.content == anonymous.content, url
        assert not personal.cookies, url  # no CSRF cookie, nothing per reader


def test_a_signed_in_reader_is_served_from_the_page_cache(newsroom, page_cache):
    signed_in = reader_client()
    for url in reading_urls(newsroom):
        anonymous = Client().get(url)
        assert anonymous["X-Cache"] == "MISS", url
        personal = signed_in.get(url)
        assert personal["X-Cache"] == "HIT", url
        assert personal.content == anonymous.content, url


def test_a_signed_in_readers_render_is_stored_for_everyone(newsroom, page_cache):
    url = newsroom.articles[4].url
    first = reader_client().get(url)
    assert first["X-Cache"] == "MISS"
    assert Client().get(url)["X-Cache"] == "HIT"


def test_staff_always_get_a_fresh_page_and_the_marker(newsroom, page_cache):
    editor = StaffFactory(groups=["Editors"])
    client = Client()
    client.force_login(editor)
    url = newsroom.articles[3].url
    first = client.get(url)
    assert "X-Cache" not in first
    assert b"/admin/pages/" in first.content  # the Edit link
    assert first.cookies[STAFF_COOKIE].value == "1"  # set again: the next skips the cache
    assert "private" in first["Cache-Control"]
    assert Client().get(url)["X-Cache"] == "MISS"  # the editor's page was not stored
    assert "X-Cache" not in client.get(url)


def test_staff_sign_in_sets_the_marker_and_sign_out_clears_it(newsroom):
    editor = StaffFactory(groups=["Editors"], email="ed@example.org", password="pw-12345!")
    client = Client()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "ed@example.org", "password": "pw-12345!"}
    )
    assert response.status_code == 302
    assert response.cookies[STAFF_COOKIE].value == "1"
    assert response.cookies[READER_COOKIE].value == "1"  # reader.js: someone signed in
    assert not response.cookies[READER_COOKIE]["httponly"]
    out = client.post(reverse("wagtailadmin_logout"))
    assert out.cookies[STAFF_COOKIE].value == ""  # deleted
    assert out.cookies[READER_COOKIE].value == ""
    assert editor.pk


def test_a_forged_marker_only_skips_the_cache(newsroom, page_cache):
    url = newsroom.articles[5].url
    Client().get(url)
    forged = Client()
    forged.cookies[STAFF_COOKIE] = "1"
    response = forged.get(url)
    assert "X-Cache" not in response
    assert response.content == Client().get(url).content


# --- the endpoint --------------------------------------------------------------------


def test_the_endpoint_answers_per_reader_and_is_never_cached(newsroom, page_cache):
    article = newsroom.articles[1]
    url = reverse("reader") + f"?path={article.url}&page={article.pk}"
    anonymous = Client().get(url)
    assert anonymous["Cache-Control"] == "no-store, private" or set(
        anonymous["Cache-Control"].replace(" ", "").split(",")
    ) == {"private", "no-store"}
    assert anonymous.json() == {"signed_in": False, "csrf": None, "parts": {}}
    assert "X-Cache" not in anonymous

    signed_in = reader_client().get(url + "&csrf=1")
    data = signed_in.json()
    assert data["signed_in"] is True
    assert data["csrf"]
    assert "member@example.org" in data["parts"]["account"]["html"]
    assert "private" in signed_in["Cache-Control"]


def test_an_anonymous_endpoint_call_runs_no_query(newsroom, django_assert_num_queries):
    with django_assert_num_queries(0):
        Client().get(reverse("reader") + "?path=/")


def test_parts_get_the_validated_context_and_a_broken_part_is_left_out(newsroom):
    seen = []

    def echo(request, context):
        seen.append(context)
        return {"html": "<b>hi</b>"}

    def broken(request, context):
        raise RuntimeError("boom")

    reader.register("echo", echo, order=1)
    reader.register("broken", broken, order=2)
    try:
        data = Client().get(reverse("reader"), {"path": "//evil.example/x", "page": "x"}).json()
    finally:
        reader.unregister("echo")
        reader.unregister("broken")
    assert data["parts"] == {"echo": {"html": "<b>hi</b>"}}
    assert seen == [{"path": "", "page": None}]
    assert reader.context_from({"path": "/a/", "page": "12"}) == {"path": "/a/", "page": 12}


def test_pages_carry_the_script_the_endpoint_and_the_fallback_link(newsroom):
    article = newsroom.articles[1]
    html = Client().get(article.url).content.decode()
    assert 'src="/static/masthead/js/reader.js" defer' in html
    assert f'data-reader-url="{reverse("reader")}"' in html
    assert f'data-page-id="{article.pk}"' in html
    assert 'data-reader-part="account"><a href="' in html
    assert "<script>" not in html  # no inline script: script-src 'self' is enough


# --- per-reader views ----------------------------------------------------------------


@pagecache.per_reader
def account_view(request):
    return HttpResponse(f"hello {request.user}")


urlpatterns = [path("account-test/", account_view)]


def test_a_per_reader_view_is_never_stored(page_cache, settings):
    settings.ROOT_URLCONF = __name__
    first = Client().get("/account-test/")
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "X-Cache" not in first
    assert "X-Cache" not in Client().get("/account-test/")


# --- forms inside cached pages -------------------------------------------------------


def test_the_form_page_is_cached_and_posts_with_a_token_from_the_endpoint(newsroom, page_cache):
    client = Client(enforce_csrf_checks=True)
    form = newsroom.form.url
    assert client.get(form)["X-Cache"] == "MISS"
    page = client.get(form)
    assert page["X-Cache"] == "HIT"
    assert b"csrfmiddlewaretoken" not in page.content
    assert b"data-reader-csrf" in page.content
    token = client.get(reverse("reader"), {"path": form, "csrf": "1"}).json()["csrf"]
    response = client.post(form, {**VALID, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert b"Thank you" in response.content or b"thank" in response.content.lower()


def test_without_javascript_a_same_origin_post_is_accepted(newsroom):
    client = Client(enforce_csrf_checks=True)
    form = newsroom.form.url
    for headers in (
        {"sec-fetch-site": "same-origin"},
        {"origin": "http://testserver"},
        {"referer": f"http://testserver{form}"},
    ):
        response = client.post(form, VALID, headers=headers)
        assert response.status_code == 200, headers
        assert b"form__alert" not in response.content, headers


def test_a_cross_site_post_is_refused(newsroom):
    client = Client(enforce_csrf_checks=True)
    form = newsroom.form.url
    for headers in (
        {"sec-fetch-site": "cross-site"},
        {"origin": "https://evil.example"},
        {"referer": "https://evil.example/page"},
    ):
        assert client.post(form, VALID, headers=headers).status_code == 403, headers


def test_a_post_that_says_nothing_comes_back_with_the_text_and_a_token(newsroom):
    from wagtail.contrib.forms.models import FormSubmission

    client = Client(enforce_csrf_checks=True)
    form = newsroom.form.url
    before = FormSubmission.objects.count()
    response = client.post(form, VALID)
    assert response.status_code == 200
    assert FormSubmission.objects.count() == before  # nothing recorded yet
    html = response.content.decode()
    assert "Bridges need budgets." in html  # the reader's text is kept
    assert 'name="csrfmiddlewaretoken"' in html
    assert "form__alert" in html
    token = response.cookies["csrftoken"].value
    assert token
    again = client.post(form, {**VALID, "csrfmiddlewaretoken": _token_in(html)})
    assert again.status_code == 200
    assert FormSubmission.objects.count() == before + 1


def _token_in(html):
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_the_endpoints_json_is_plain(newsroom):
    body = Client().get(reverse("reader")).content
    assert json.loads(body)["parts"] == {}
