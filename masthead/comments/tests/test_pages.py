"""Reading and posting on the site: the cached thread, its order and pages, the plain
form without JavaScript, the per-reader part, counts on cards, pinned query counts."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masthead.comments import services
from masthead.comments.models import Comment, Discussion
from masthead.core import pagecache
from masthead.users.tests.factories import SuperuserFactory, UserFactory

from .factories import comment, comment_settings, member, visible

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def article(newsroom):
    comment_settings()
    return newsroom.articles[0]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def part(client, article):
    response = client.get("/_/reader.json", {"path": article.url, "page": article.pk})
    return response.json()["parts"].get("comments")


def test_thread_shows_comments_replies_and_who_they_answer(article, client):
    top = visible(article, body="First thoughts")
    reply = visible(article, body="A reply", parent=top, in_reply_to=top)
    html = client.get(article.url).content.decode()
    assert "2 comments" in html
    assert "First thoughts" in html and "A reply" in html
    assert f'id="comment-{reply.pk}"' in html
    assert f"in reply to {top.author_name}" in html


def test_held_comment_is_seen_by_its_author_only(article):
    Discussion.objects.create(article=article, premoderate=True)
    author = member()
    held = comment(article, author, body="Waiting patiently")
    assert held.status == Status.HELD
    assert "Waiting patiently" not in Client().get(article.url).content.decode()
    assert "Waiting patiently" not in signed_in(author).get(article.url).content.decode()
    mine = part(signed_in(author), article)
    assert "Waiting patiently" in mine["html"] and "Awaiting review" in mine["html"]
    other = part(signed_in(member()), article)
    assert "Waiting patiently" not in other["html"]


def test_rejected_comment_shows_its_author_the_reason(article):
    from masthead.users import services as roles
    from masthead.users.tests.factories import StaffFactory

    author = member()
    target = comment(article, author, body="Rude words")
    services.do_moderate(StaffFactory(groups=[roles.MODERATORS]), [target.pk], "reject", "Insult")
    assert "Reason: Insult" in part(signed_in(author), article)["html"]


def test_the_part_gives_form_likes_and_own_editable_ids(article):
    reader = member()
    other = visible(article)
    mine = comment(article, reader, body="Mine")
    services.do_toggle_like(reader, other, True)
    data = part(signed_in(reader), article)
    assert data["liked"] == [other.pk] and data["mine"] == [mine.pk]
    assert 'name="csrfmiddlewaretoken"' in data["html"] and data["may_post"]
    refused = part(signed_in(UserFactory()), article)
    assert not refused["may_post"] and "Become a member" in refused["html"]


def test_no_per_reader_state_in_the_cached_page(article):
    reader = member()
    comment(article, reader, body="Signed in words")
    anonymous = Client().get(article.url).content.decode()
    theirs = signed_in(reader).get(article.url).content.decode()
    assert reader.email not in theirs
    assert anonymous.count("csrfmiddlewaretoken") == theirs.count("csrfmiddlewaretoken") == 0


def test_plain_form_posts_without_javascript_by_origin(article):
    reader = member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    url = f"/comments/{article.pk}/write/"
    response = client.post(url, {"body": "From a plain form"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    assert Comment.objects.get(body="From a plain form").status == Status.VISIBLE
    assert client.post(url, {"body": "Forged"}, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    again = client.post(url, {"body": "No origin at all"})
    assert again.status_code == 200 and "No origin at all" in again.content.decode()
    assert not Comment.objects.filter(body="No origin at all").exists()


def test_errors_show_beside_the_field_and_keep_the_text(article):
    client = signed_in(member())
    long_text = "word " * 1200
    response = client.post(f"/comments/{article.pk}/write/", {"body": long_text})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="field__error"' in html and "5,000 characters" in html
    assert long_text.strip() in html
    assert 'aria-invalid="true"' in html


def test_honeypot_stores_nothing(article):
    client = signed_in(member())
    response = client.post(f"/comments/{article.pk}/write/", {"body": "Buy pills", "website": "x"})
    assert response.status_code == 302 and not Comment.objects.exists()


def test_anonymous_post_is_sent_to_sign_in(article):
    response = Client().post(f"/comments/{article.pk}/write/", {"body": "Hello"})
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_reply_page_and_reply(article):
    top = visible(article, body="Question?")
    client = signed_in(member())
    page = client.get(f"/comments/{article.pk}/write/?reply_to={top.pk}")
    assert f"Reply to {top.author_name}" in page.content.decode()
    client.post(f"/comments/{article.pk}/write/", {"body": "Answer.", "parent": top.pk})
    assert Comment.objects.get(body="Answer.").in_reply_to == top


def test_edit_page_shows_edited(article):
    reader = member()
    mine = comment(article, reader, body="Frist")
    client = signed_in(reader)
    response = client.post(f"/comments/{mine.pk}/edit/", {"body": "First"})
    assert response.status_code == 302
    assert "edited" in Client().get(article.url).content.decode()
    assert signed_in(member()).get(f"/comments/{mine.pk}/edit/").status_code == 403


def test_like_and_report_endpoints(article):
    target = visible(article)
    client = signed_in(member())
    liked = client.post(f"/comments/{target.pk}/like/", HTTP_ACCEPT="application/json").json()
    assert liked == {"ok": True, "liked": True, "count": 1}
    assert "1 like" in Client().get(article.url).content.decode()
    response = client.post(f"/comments/{target.pk}/report/", {"reason": "spam"})
    assert response.status_code == 200 and target.reports.count() == 1


def test_order_and_pages_are_links(article, settings):
    settings.COMMENTS_PAGE_SIZE = 2
    a = visible(article, body="Oldest one")
    b = visible(article, body="Middle one", like_count=5)
    c = visible(article, body="Newest one")
    client = Client()
    html = client.get(article.url).content.decode()
    assert html.index("Newest one") < html.index("Middle one")
    assert "Oldest one" not in html
    assert 'href="?cpage=2#comments"' in html
    assert "Oldest one" in client.get(article.url + "?cpage=2").content.decode()
    oldest = client.get(article.url + "?sort=oldest").content.decode()
    assert oldest.index("Oldest one") < oldest.index("Middle one")
    liked = client.get(article.url + "?sort=liked").content.decode()
    assert liked.index("Middle one") < liked.index("Newest one")
    services.do_pin(SuperuserFactory(), a)
    pagecache.purge_all()
    pinned = client.get(article.url).content.decode()
    assert pinned.index("Oldest one") < pinned.index("Newest one")
    assert b.pk and c.pk


def test_new_comment_shows_after_the_page_was_cached(article):
    client = Client()
    assert "Fresh words" not in client.get(article.url).content.decode()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        comment(article, body="Fresh words")
    assert "Fresh words" in client.get(article.url).content.decode()


def test_counts_on_cards_without_a_query_per_card(newsroom, article):
    for target in newsroom.articles[:3]:
        visible(target)
    section = newsroom.articles[0].get_parent()
    html = Client().get(section.url).content.decode()
    assert "1 comment" in html


def test_article_query_count_stays_flat_as_comments_grow(article, newsroom):
    """The render of an article with its comments (fragments off: the worst case) runs
    the same number of queries with 3 comments or 30 with replies."""

    def count():
        pagecache.purge_all()
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.url, HTTP_CACHE_CONTROL="no-cache").status_code == 200
        return len(queries)

    for _ in range(3):
        visible(article)
    count()  # renditions, site root paths
    few = count()
    for i in range(10):
        top = visible(article, body=f"top {i}")
        for j in range(2):
            visible(article, body=f"reply {i}.{j}", parent=top, in_reply_to=top)
    assert count() == few


def test_reader_part_query_budget(article):
    reader = member()
    comment(article, reader)
    client = signed_in(reader)
    client.get("/_/reader.json", {"path": article.url, "page": article.pk})
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/_/reader.json", {"path": article.url, "page": article.pk}).json()
    assert "comments" in data["parts"]
    assert json.dumps(data)
    comments_queries = [q["sql"] for q in queries if "comments_" in q["sql"]]
    # Own and liked comments in one query, the ban in another (comments.views.comments_part).
    assert len(comments_queries) == 2, comments_queries
