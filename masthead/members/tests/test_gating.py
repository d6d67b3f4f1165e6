"""Member-only and registered-only articles: the cached page holds the teaser, the
per-reader part or the uncached read view gives the rest to a reader who may read it."""

import extruct
import pytest
from django.urls import reverse
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticlePageFactory
from masthead.members import services
from masthead.members.tests.factories import make_member
from masthead.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BODY = [
    ("paragraph", RichText(f"<p>Paragraph {word} of the story.</p>"))
    for word in ("alpha", "bravo", "charlie", "delta")
]


@pytest.fixture
def gated(newsroom):
    def make(access):
        return ArticlePageFactory(
            parent=newsroom.sections[0],
            publish=True,
            access=access,
            body=BODY,
            authors=[newsroom.authors[0]],
        )

    return make


def reader_json(client, article):
    return client.get(reverse("reader"), {"path": article.url, "page": article.pk}).json()


def test_a_members_article_shows_the_teaser_and_a_join_prompt_to_everyone(client, gated):
    article = gated(ArticlePage.Access.MEMBERS)
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Paragraph alpha" in html and "Paragraph bravo" in html
    assert "Paragraph charlie" not in html and "Paragraph delta" not in html
    assert 'data-reader-part="gate"' in html and "Become a member" in html
    assert reverse("members:read", args=[article.pk]) in html
    # nothing personal: the page stays cacheable
    assert not response.cookies


def test_the_json_ld_marks_the_gated_part(client, gated):
    article = gated(ArticlePage.Access.MEMBERS)
    data = extruct.extract(client.get(article.url).content.decode(), syntaxes=["json-ld"])
    news = next(item for item in data["json-ld"] if item["@type"] == "NewsArticle")
    assert news["isAccessibleForFree"] is False
    assert news["hasPart"] == {
        "@type": "WebPageElement",
        "isAccessibleForFree": False,
        "cssSelector": ".article__gated",
    }


def test_a_member_gets_the_rest_from_the_per_reader_part(client, gated):
    article = gated(ArticlePage.Access.MEMBERS)
    member = UserFactory()
    make_member(member)
    assert "gate" not in reader_json(client, article)["parts"]
    client.force_login(UserFactory())
    assert "gate" not in reader_json(client, article)["parts"]
    client.force_login(member)
    html = reader_json(client, article)["parts"]["gate"]["html"]
    assert "Paragraph charlie" in html and "Paragraph delta" in html
    assert "Paragraph alpha" not in html


def test_the_gate_part_costs_at_most_two_queries(client, gated, django_assert_max_num_queries):
    article = gated(ArticlePage.Access.MEMBERS)
    member = UserFactory()
    make_member(member)
    client.force_login(member)
    from django.test import RequestFactory

    from masthead.members import views

    request = RequestFactory().get("/")
    request.user = member
    with django_assert_max_num_queries(2):
        assert views.gate_part(request, {"path": article.url, "page": article.pk})


def test_continue_reading_without_javascript(client, gated):
    article = gated(ArticlePage.Access.MEMBERS)
    read = reverse("members:read", args=[article.pk])
    anonymous = client.get(read).content.decode()
    assert "Paragraph charlie" not in anonymous and "Become a member" in anonymous
    member = UserFactory()
    make_member(member)
    client.force_login(member)
    response = client.get(read)
    assert "Paragraph charlie" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert f'<link rel="canonical" href="{article.full_url}">' in response.content.decode()


def test_a_registered_article_needs_only_a_sign_in(client, gated):
    article = gated(ArticlePage.Access.REGISTERED)
    assert "Sign in to read" in client.get(article.url).content.decode()
    client.force_login(UserFactory())
    assert "Paragraph delta" in reader_json(client, article)["parts"]["gate"]["html"]


def test_a_past_due_member_still_reads_a_lapsed_one_does_not(client, gated):
    article = gated(ArticlePage.Access.MEMBERS)
    member = UserFactory()
    make_member(member, key="a")
    services.do_mark_past_due(member, key="b")
    client.force_login(member)
    assert "gate" in reader_json(client, article)["parts"]
    services.do_lapse(member, key="c")
    assert "gate" not in reader_json(client, article)["parts"]


def test_metering_lets_registered_readers_read_n_member_articles(client, gated, settings):
    first, second = gated(ArticlePage.Access.MEMBERS), gated(ArticlePage.Access.MEMBERS)
    client.force_login(UserFactory())
    assert "gate" not in reader_json(client, first)["parts"]  # off by default
    settings.MEMBERS_METER_FREE_ARTICLES = 1
    assert "gate" in reader_json(client, first)["parts"]
    assert "gate" in reader_json(client, first)["parts"]
    assert "gate" not in reader_json(client, second)["parts"]


def test_members_see_a_thank_you_instead_of_asks(client, newsroom):
    article = newsroom.articles[0]
    html = client.get(article.url).content.decode()
    assert 'data-reader-part="membership"' in html
    assert "membership" not in reader_json(client, article)["parts"]
    assert "join" not in reader_json(client, article)["parts"]
    assert 'data-reader-part="join"' in html
    member = UserFactory()
    make_member(member)
    client.force_login(member)
    parts = reader_json(client, article)["parts"]
    assert "Thank you" in parts["membership"]["html"]
    assert "Thank you, member" in parts["join"]["html"]
    home = client.get("/").content.decode()
    assert 'data-reader-part="membership"' in home


def test_the_whole_per_reader_answer_for_a_member_costs_two_queries_after_the_session(
    client, gated, django_assert_max_num_queries
):
    article = gated(ArticlePage.Access.MEMBERS)
    member = UserFactory()
    make_member(member)
    client.force_login(member)
    # session + user (Django's auth) + membership + article; the comments part: the
    # reader's own and liked comments on the page's article, and their ban (comments.views;
    # the comment settings come from the fragments, read by the first answer).
    reader_json(client, article)
    with django_assert_max_num_queries(6):
        parts = reader_json(client, article)["parts"]
    assert {"account", "gate", "membership", "join"} <= set(parts)
