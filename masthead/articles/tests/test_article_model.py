"""What an article works out for itself: reading time, section, publication time."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Revision

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
    paragraphs,
)
from masthead.pages.tests.factories import make_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    home = make_home()
    war = SectionPageFactory(parent=home, title="War", slug="war")
    analysis = SectionPageFactory(parent=home, title="Analysis", slug="analysis")
    author = AuthorPageFactory(parent=AuthorsIndexPageFactory(parent=home))
    return war, analysis, author


def article_with_words(section, body_words, **kwargs):
    # title (2 words) + standfirst (3 words) + body
    return ArticlePageFactory(
        parent=section,
        title="Night shift",
        standfirst="Three short words",
        body=paragraphs(body_words),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("body_words", "minutes"),
    [(0, 1), (225, 1), (226, 2), (395, 2), (455, 2), (456, 3)],
)
def test_reading_time_rounds_up_at_230_words_a_minute(tree, body_words, minutes):
    war, _, _ = tree

    article = article_with_words(war, body_words)

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.word_count == body_words + 5
    assert article.reading_minutes == minutes


def test_word_count_covers_headings_and_pull_quotes_but_not_markup(tree):
    war, _, _ = tree
    body = [
        ("heading", {"text": "Four words of heading", "level": "h2"}),
        ("paragraph", "<p>One <b>two</b> <a href='https://example.org'>three</a></p>"),
        ("pull_quote", {"quote": "Five words in the quote", "attribution": "Somebody Else"}),
    ]

    article = ArticlePageFactory(parent=war, title="Headline", standfirst="", body=body)

    assert ArticlePage.objects.get(pk=article.pk).word_count == 1 + 4 + 3 + 5


def test_section_is_the_parent_section(tree):
    war, analysis, _ = tree

    article = ArticlePageFactory(parent=war)

    assert ArticlePage.objects.get(pk=article.pk).section_id == war.pk


def test_section_follows_the_article_when_it_moves(tree):
    war, analysis, _ = tree
    article = ArticlePageFactory(parent=war)

    article.move(analysis, pos="last-child")

    assert ArticlePage.objects.get(pk=article.pk).section_id == analysis.pk


def test_published_at_is_stamped_on_first_publish(tree):
    war, _, author = tree
    before = timezone.now()

    article = ArticlePageFactory(parent=war, authors=[author], published_at=None, publish=True)

    assert article.live
    assert article.published_at is not None
    assert before <= article.published_at <= timezone.now()
    assert article.published_at == article.first_published_at


def test_a_draft_has_no_published_at(tree):
    war, _, author = tree

    article = ArticlePageFactory(parent=war, authors=[author], published_at=None, live=False)
    article.save_revision()

    assert ArticlePage.objects.get(pk=article.pk).published_at is None


def test_published_at_is_kept_on_republish_and_when_an_old_revision_is_published(tree):
    war, _, author = tree
    article = ArticlePageFactory(parent=war, authors=[author], published_at=None, live=False)
    draft = article.save_revision()  # saved before the first publish: no published_at in it
    draft.publish()
    first = ArticlePage.objects.get(pk=article.pk).published_at
    assert first is not None

    article = ArticlePage.objects.get(pk=article.pk)
    article.title = "A corrected headline"
    article.save_revision().publish()
    Revision.objects.get(pk=draft.pk).publish()  # an editor reverts to the first draft

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.published_at == first
    assert article.last_published_at > first


def test_the_stored_change_time_follows_publishes_and_updates(tree):
    war, _, author = tree
    article = ArticlePageFactory(parent=war, authors=[author], published_at=None, live=False)
    article.save_revision()
    assert ArticlePage.objects.get(pk=article.pk).changed_at is None  # a draft never changed

    article.save_revision().publish()
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.changed_at == article.modified_at == article.last_published_at

    later = article.last_published_at + datetime.timedelta(microseconds=1)
    article.updated_at = later
    article.save(update_fields=["updated_at"])  # a narrow save keeps it too
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.changed_at == article.modified_at == later

    article.title = "A corrected headline"
    article.save_revision().publish()
    republished = ArticlePage.objects.get(pk=article.pk)
    assert republished.changed_at == republished.last_published_at > later


def test_an_editor_can_backdate_published_at(tree):
    war, _, author = tree
    backdated = timezone.now() - datetime.timedelta(days=400)

    article = ArticlePageFactory(parent=war, authors=[author], published_at=backdated, publish=True)

    assert ArticlePage.objects.get(pk=article.pk).published_at == backdated


def test_caption_and_credit_default_to_the_images_own(tree):
    war, _, _ = tree

    plain = ArticlePageFactory(parent=war)
    overridden = ArticlePageFactory(
        parent=war, lead_image_caption="Our caption", lead_image_credit="Our photographer"
    )

    assert plain.caption == plain.lead_image.caption
    assert plain.credit == "Contributor/Getty Images"
    assert (overridden.caption, overridden.credit) == ("Our caption", "Our photographer")
