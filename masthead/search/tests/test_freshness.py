"""A published article is findable as soon as the worker has indexed it, with the page
cache on: search pages are never kept by it (search/CONTEXT.md, "Caching")."""

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
)
from masthead.core.tests.html import soup
from masthead.core.tests.test_tasks import DATABASE_TASKS, run_worker
from masthead.pages.tests.factories import make_home

# The worker commits its own transactions, so this test commits too.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def found(query):
    response = Client().get("/search/", {"q": query})
    assert response.status_code == 200
    assert "X-Cache" not in response  # answered from the index, never from the page cache
    return [a["href"] for a in soup(response).find("main").select("a.card__link")]


def test_published_article_is_found_once_indexed_through_the_page_cache(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    caches["pages"].clear()
    home = make_home()
    section = SectionPageFactory(parent=home, title="War", slug="war")
    author = AuthorPageFactory(parent=AuthorsIndexPageFactory(parent=home), photo=None)
    run_worker()
    with override_settings(PAGE_CACHE_ENABLED=True):
        assert Client().get(section.url)["X-Cache"] == "MISS"  # the page cache is on
        assert found("zanzibar") == []

        with django_capture_on_commit_callbacks(execute=True):
            article = ArticlePageFactory(
                parent=section,
                title="Zanzibar ferry returns",
                authors=[author],
                lead_image=None,
                body=[("paragraph", RichText("<p>The ferry sailed at dawn.</p>"))],
                publish=True,
            )
        assert found("zanzibar") == []  # published, not yet indexed: the worker has not run

        run_worker()

        assert found("zanzibar") == [article.url]
        assert found("zanzibar") == [article.url]
