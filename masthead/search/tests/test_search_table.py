"""Search follows what editors do to an article: publish, edit, unpublish, delete, move.

On PostgreSQL this is the search table (models.SearchEntry) following along; the same
tests hold on SQLite, where search reads Wagtail's index directly.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
)
from masthead.pages.tests.factories import make_home
from masthead.search import queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def desk():
    home = make_home()
    authors = AuthorsIndexPageFactory(parent=home)
    return {
        "war": SectionPageFactory(parent=home, title="War", slug="war"),
        "business": SectionPageFactory(parent=home, title="Business", slug="business"),
        "ash": AuthorPageFactory(parent=authors, title="Dora Ashgrove", slug="ash"),
        "quince": AuthorPageFactory(parent=authors, title="Bartholomew Quince", slug="quince"),
    }


def publish(parent, title, text="The council met again.", authors=(), days=1):
    return ArticlePageFactory(
        parent=parent,
        title=title,
        body=[("paragraph", RichText(f"<p>{text}</p>"))],
        authors=list(authors),
        published_at=timezone.now() - days * DAY,
        lead_image=None,
        publish=True,
    )


def found(query, **filters):
    return queries.search_articles(query, **filters).ids


def entry(article):
    """The article's search entry on PostgreSQL: (section, author ids, headline words)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT section_id, author_ids, array(SELECT unnest(tsvector_to_array(headline)))"
            " FROM masthead_search_entry WHERE article_id = %s",
            [article.pk],
        )
        return cursor.fetchone()


def on_postgres():
    return connection.vendor == "postgresql"


def test_publishing_makes_an_article_findable(desk):
    article = publish(desk["war"], "Zanzibar ferry returns", authors=[desk["ash"]])

    assert found("zanzibar") == [article.pk]
    assert found("zanzibar", author=desk["ash"], section=desk["war"]) == [article.pk]
    if on_postgres():
        section, authors, words = entry(article)
        assert section == desk["war"].pk and authors == [desk["ash"].pk]
        assert "zanzibar" in words


def test_a_draft_is_not_findable(desk):
    article = ArticlePageFactory(parent=desk["war"], title="Zanzibar draft", live=False)
    article.save_revision()

    assert found("zanzibar") == []
    if on_postgres():
        assert entry(article) is None


def test_an_edit_is_found_once_published(desk):
    article = publish(desk["war"], "Zanzibar ferry returns", authors=[desk["ash"]])
    draft = article.get_latest_revision_as_object()
    draft.title = "Quokka ferry returns"
    draft.article_authors = []
    revision = draft.save_revision()

    assert found("zanzibar") == [article.pk] and found("quokka") == []

    revision.publish()
    # A publish indexes the page before its bylines are saved; a task worker would index
    # it again after the commit, as this does.
    from wagtail.search import index

    index.insert_or_update_object(article.specific_class.objects.get(pk=article.pk))

    assert found("quokka") == [article.pk] and found("zanzibar") == []
    assert found("quokka", author=desk["ash"]) == []
    if on_postgres():
        section, authors, words = entry(article)
        assert authors == [] and "quokka" in words and "zanzibar" not in words


def test_a_new_byline_is_filtered_on_at_once(desk, django_capture_on_commit_callbacks):
    article = publish(desk["war"], "Zanzibar ferry returns", authors=[desk["ash"]])
    draft = article.get_latest_revision_as_object()
    from masthead.articles.models import ArticleAuthor

    draft.article_authors = [ArticleAuthor(author=desk["quince"], sort_order=0)]
    # search refreshes the entry on articles' event, sent after the commit
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    assert found("zanzibar", author=desk["quince"]) == [article.pk]
    assert found("zanzibar", author=desk["ash"]) == []


def test_unpublishing_takes_an_article_out(desk):
    article = publish(desk["war"], "Zanzibar ferry returns")

    article.unpublish()

    assert found("zanzibar") == []
    if on_postgres():
        assert entry(article) is None


def test_deleting_takes_an_article_out(desk):
    article = publish(desk["war"], "Zanzibar ferry returns")
    kept = publish(desk["war"], "Zanzibar harbour reopens")

    article.delete()

    assert found("zanzibar") == [kept.pk]
    if on_postgres():
        assert entry(article) is None


def test_a_moved_article_is_found_in_its_new_section(desk, django_capture_on_commit_callbacks):
    article = publish(desk["war"], "Zanzibar ferry returns")

    with django_capture_on_commit_callbacks(execute=True):  # articles' event, after commit
        article.move(desk["business"], pos="last-child")

    assert found("zanzibar", section=desk["business"]) == [article.pk]
    assert found("zanzibar", section=desk["war"]) == []


def test_a_private_section_is_not_searched(desk):
    publish(desk["war"], "Zanzibar ferry returns")
    public = publish(desk["business"], "Zanzibar traders")

    PageViewRestriction.objects.create(page=desk["war"], restriction_type=PageViewRestriction.LOGIN)

    assert found("zanzibar") == [public.pk]


@pytest.mark.parametrize("walk_share", [0, 2], ids=["walk newest", "gin index"])
def test_filters_narrow_a_common_word(desk, monkeypatch, walk_share):
    """A word most articles have, with each filter and with them together (on PostgreSQL
    found by reading the newest articles, and through the GIN index)."""
    monkeypatch.setattr(queries, "WALK_SHARE", {"document": walk_share, "headline": walk_share})
    made = []
    for i in range(12):
        section = desk["war"] if i % 2 else desk["business"]
        author = desk["quince"] if i % 3 == 0 else desk["ash"]
        made.append(
            (
                publish(section, f"Council report {i}", authors=[author], days=i * 10),
                section,
                author,
            )
        )
    today = timezone.localdate()

    def expect(keep):
        return [a.pk for a, section, author in made if keep(a, section, author)]

    assert found("council") == expect(lambda *_: True)
    assert found("council", section=desk["war"]) == expect(lambda a, s, au: s == desk["war"])
    assert found("council", author=desk["quince"]) == expect(lambda a, s, au: au == desk["quince"])
    assert found("council", section=desk["war"], author=desk["quince"]) == expect(
        lambda a, s, au: s == desk["war"] and au == desk["quince"]
    )
    window = {"date_from": today - 45 * DAY, "date_to": today - 15 * DAY}
    assert found("council", **window) == expect(
        lambda a, s, au: (
            window["date_from"] <= timezone.localdate(a.published_at) <= window["date_to"]
        )
    )
    assert found("report", author=desk["quince"], section=desk["business"]) == expect(
        lambda a, s, au: s == desk["business"] and au == desk["quince"]
    )
    nobody = AuthorPageFactory(parent=desk["ash"].get_parent(), title="Nobody", slug="nobody")
    assert found("council", author=nobody) == []


def test_the_rebuild_command_writes_the_same_entries(desk):
    articles = [publish(desk["war"], f"Zanzibar day {i}", authors=[desk["ash"]]) for i in range(3)]
    before = [entry(a) for a in articles]
    if on_postgres():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM masthead_search_entry")

    call_command("rebuild_search_entries", verbosity=0)

    assert [entry(a) for a in articles] == before
    assert sorted(found("zanzibar")) == sorted(a.pk for a in articles)
