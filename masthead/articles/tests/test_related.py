"""Related articles: same topic or same section, newest first, never the article itself."""

import datetime

import pytest
from django.utils import timezone

from masthead.articles import queries
from masthead.articles.tests.factories import ArticlePageFactory, SectionPageFactory
from masthead.pages.tests.factories import make_home

pytestmark = pytest.mark.django_db


def test_related_articles_share_a_tag_or_the_section_newest_first():
    home = make_home()
    war = SectionPageFactory(parent=home, title="War", slug="war")
    economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
    now = timezone.now()

    def article(section, hours_ago, tags=(), **kwargs):
        return ArticlePageFactory(
            parent=section,
            tags=tags,
            published_at=now - datetime.timedelta(hours=hours_ago),
            lead_image=None,
            **kwargs,
        )

    subject = article(war, 0, tags=["Energy"])
    same_section_old = article(war, 10)
    same_tag_elsewhere = article(economy, 5, tags=["Energy"])
    same_section_new = article(war, 1)
    unrelated = article(economy, 2, tags=["Football"])
    draft = article(war, 0.5, live=False)

    related = queries.related_articles(subject)

    assert related == [same_section_new, same_tag_elsewhere, same_section_old]
    assert subject not in related
    assert unrelated not in related
    assert draft not in related


def test_related_articles_are_limited():
    home = make_home()
    war = SectionPageFactory(parent=home)
    articles = [ArticlePageFactory(parent=war, lead_image=None) for _ in range(7)]

    assert len(queries.related_articles(articles[0], limit=4)) == 4
