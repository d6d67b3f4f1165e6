"""Canaries for every Django or Wagtail private API Masthead relies on (docs/upgrading.md).

Each test fails loudly, with the place in Masthead to fix, if an upgrade of Django,
Wagtail or django-treebeard changes what we rely on. Keep this list and the document in
step: a new use of a private API gets a line there and a canary here."""

import pytest
from django.db import connection
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_wagtail_reads_the_site_from_request_wagtail_site(newsroom):
    """core/fragments.py SiteMiddleware sets `request._wagtail_site` to the cached Site."""
    from wagtail.models import Site

    request = RequestFactory().get("/")
    request._wagtail_site = newsroom.site
    assert Site.find_for_request(request) is newsroom.site, (
        "Site.find_for_request no longer reads request._wagtail_site: fix core/fragments.py"
    )


def test_wagtail_keeps_site_root_paths_on_the_request(newsroom):
    """core/fragments.py SiteMiddleware sets `request._wagtail_cached_site_root_paths`
    from the fragments, so Page.get_url_parts(request) reads no cache."""
    from wagtail.models import Site

    request = RequestFactory().get("/")
    request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    request._wagtail_cached_site_root_paths = [
        path._replace(root_url="http://canary.example")
        for path in request._wagtail_cached_site_root_paths
    ]
    article = newsroom.articles[0]
    assert article.get_full_url(request).startswith("http://canary.example/"), (
        "Page.get_url_parts no longer reads request._wagtail_cached_site_root_paths: fix "
        "core/fragments.py SiteMiddleware"
    )


def test_django_requests_have_get_raw_host():
    """core/fragments.py SiteMiddleware keys the site by `request._get_raw_host()`."""
    request = RequestFactory().get("/", HTTP_HOST="news.example:8080")
    assert request._get_raw_host() == "news.example:8080"


def test_a_loaded_foreign_key_sits_in_state_fields_cache(newsroom):
    """articles/services.py do_sync_article_section drops `_state.fields_cache["section"]`."""
    from masthead.articles.models import ArticlePage

    article = ArticlePage.objects.select_related("section").get(pk=newsroom.articles[0].pk)
    assert "section" in article._state.fields_cache, (
        "Django moved the related-object cache: fix articles/services.py"
    )


def test_site_settings_keep_the_request_in_request_attribute(newsroom):
    """core masthead_tags.cached_site_settings sets `settings._request` and the request's
    cache attribute, as BaseSiteSetting.for_request does."""
    from masthead.core.models import SiteSettings

    request = RequestFactory().get("/")
    request._wagtail_site = newsroom.site
    found = SiteSettings.for_request(request)
    assert found._request is request, "BaseSiteSetting no longer keeps _request"
    assert getattr(request, SiteSettings.get_cache_attr_name()) is found


def test_the_article_editor_reads_settings_panels_after_ready():
    """audio/panels.py appends NarrationPanel to ArticlePage.settings_panels in ready();
    Wagtail must build the edit handler from the class attribute after that."""
    from masthead.articles.models import ArticlePage
    from masthead.audio.panels import NarrationPanel

    handler = ArticlePage.get_edit_handler()

    def panels(panel):
        yield panel
        for child in getattr(panel, "children", ()):
            yield from panels(child)

    assert any(isinstance(panel, NarrationPanel) for panel in panels(handler)), (
        "the narration panel is missing from the article editor: fix audio/panels.py"
    )


def test_images_have_set_image_file_metadata():
    """images/services.py calls `image._set_image_file_metadata()` before saving."""
    from masthead.images.models import CustomImage

    assert callable(getattr(CustomImage, "_set_image_file_metadata", None)), (
        "Wagtail renamed _set_image_file_metadata: fix images/services.py"
    )


def test_treebeard_paths_round_trip():
    """demo/bulk.py builds tree paths with `Page._get_path` and `Page._str2int`."""
    from wagtail.models import Page

    path = Page._get_path("0001", 2, 42)
    assert Page._str2int(path[-Page.steplen :]) == 42


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_search_trigger_sits_on_wagtails_index_table():
    """search/migrations/0002 puts statement triggers on `wagtailsearch_indexentry` and
    reads its content_type_id, object_id, title and body columns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'wagtailsearch_indexentry'::regclass"
            " AND tgname LIKE 'masthead_search_index_%%'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'wagtailsearch_indexentry'"
        )
        columns = {row[0] for row in cursor.fetchall()}
    assert triggers == {
        "masthead_search_index_inserted",
        "masthead_search_index_updated",
        "masthead_search_index_deleted",
    }
    assert {"content_type_id", "object_id", "title", "body"} <= columns, (
        "Wagtail changed its index table: fix search/migrations and search/services.py"
    )


def test_the_csrf_middleware_still_has_process_view():
    """core/csrf.py subclasses CsrfViewMiddleware and overrides process_view."""
    from django.middleware.csrf import CsrfViewMiddleware

    from masthead.core.csrf import ReaderCsrfViewMiddleware

    assert ReaderCsrfViewMiddleware.process_view is not CsrfViewMiddleware.process_view
    assert callable(CsrfViewMiddleware.process_view)


def test_the_test_client_still_turns_csrf_checks_off(rf):
    """core/csrf.py reads `request._dont_enforce_csrf_checks`, as Django's own check does."""
    import inspect

    from django.middleware import csrf

    assert "_dont_enforce_csrf_checks" in inspect.getsource(csrf.CsrfViewMiddleware)
