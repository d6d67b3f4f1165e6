"""The moderation admin: queues, single and bulk actions, rejection reasons, reports,
bans with history, article settings, the audit log, keyboard shortcuts, and authors who
see only their own articles' comments."""

import pytest
from django.test import Client
from django.urls import reverse

from masthead.articles.models import AuthorPage
from masthead.comments import services
from masthead.comments.models import Comment, Discussion, ModerationLog
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

from .factories import comment, comment_settings, member, visible

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def article(newsroom):
    comment_settings(hold_first=1)
    return newsroom.articles[0]


@pytest.fixture
def moderator(newsroom):
    return StaffFactory(groups=[roles.MODERATORS])


def admin(user):
    client = Client()
    client.force_login(user)
    return client


def test_queue_lists_held_with_reasons_and_shortcut_help(article, moderator):
    held = comment(article, body="Please review me")
    html = admin(moderator).get(reverse("comments_admin:queue")).content.decode()
    assert "Please review me" in html and "New commenter" in html
    assert "comments-queue__keys" in html and "comments/admin-queue.js" in html
    assert f'data-queue-row="{held.pk}"' in html


def test_approve_one_publishes_it(article, moderator, client):
    held = comment(article, body="Approve me")
    response = admin(moderator).post(
        reverse("comments_admin:act"), {"comment": held.pk, "action": "approve"}
    )
    assert response.status_code == 302
    assert Comment.objects.get(pk=held.pk).status == Status.VISIBLE
    assert "Approve me" in client.get(article.url).content.decode()


def test_bulk_reject_needs_a_reason_and_logs_it(article, moderator):
    first, second = comment(article, body="one"), comment(article, body="two")
    client = admin(moderator)
    url = reverse("comments_admin:act")
    client.post(url, {"ids": [first.pk, second.pk], "action": "reject"})
    assert Comment.objects.filter(status=Status.REJECTED).count() == 0
    client.post(url, {"ids": [first.pk, second.pk], "action": "reject", "reason": "Off topic"})
    assert set(
        Comment.objects.filter(status=Status.REJECTED).values_list("rejection_reason", flat=True)
    ) == {"Off topic"}
    log = client.get(reverse("comments_admin:log")).content.decode()
    assert log.count("Off topic") == 2 and str(moderator) in log


def test_comment_page_shows_reports_and_history(article, moderator):
    target = visible(article, body="Reported words")
    services.do_report(member(), target, "hate", "Targets a group")
    html = admin(moderator).get(reverse("comments_admin:comment", args=[target.pk])).content
    assert "Targets a group" in html.decode() and "Hate speech" in html.decode()


def test_ban_temporarily_hiding_comments_then_lift(article, moderator):
    reader = member()
    visible(article, reader, body="Earlier comment")
    client = admin(moderator)
    url = reverse("comments_admin:commenter", args=[reader.pk])
    client.post(url, {"do": "ban", "days": "7", "reason": "Harassment", "hide_comments": "1"})
    ban = services.active_ban(reader)
    assert ban.until and ban.reason == "Harassment" and ban.hid_comments == 1
    assert Comment.objects.get(body="Earlier comment").status == Status.HIDDEN
    client.post(reverse("comments_admin:lift_ban", args=[ban.pk]))
    assert services.active_ban(reader) is None
    html = client.get(url).content.decode()
    assert "Harassment" in html and "Lift" not in html.split("Ban history")[1].split("<h2")[
        0
    ].replace("Lifted", "")
    assert "Harassment" in client.get(reverse("comments_admin:bans")).content.decode()


def test_flag_from_the_commenter_page(article, moderator):
    reader = member()
    admin(moderator).post(
        reverse("comments_admin:commenter", args=[reader.pk]), {"do": "flag", "reason": "Spam"}
    )
    assert comment(article, reader).status == Status.HELD


def test_article_settings_close_and_premoderate(article, moderator, client):
    admin(moderator).post(reverse("comments_admin:article", args=[article.pk]), {"closed": "1"})
    assert Discussion.objects.get(article=article).closed
    assert "Comments on this article are closed." in client.get(article.url).content.decode()
    assert ModerationLog.objects.filter(action="article", article_id=article.pk).exists()


def test_authors_see_their_own_articles_comments_and_act_on_none(article, newsroom):
    author_user = StaffFactory(groups=[roles.AUTHORS])
    byline = article.article_authors.first().author
    AuthorPage.objects.filter(pk=byline.pk).update(user=author_user)
    mine = comment(article, body="On the author's article")
    elsewhere = comment(newsroom.articles[1], body="On another article")
    client = admin(author_user)
    html = client.get(reverse("comments_admin:queue")).content.decode()
    assert "On the author&#x27;s article" in html or "On the author's article" in html
    assert "On another article" not in html
    assert "comments-queue__keys" not in html
    assert client.get(reverse("comments_admin:comment", args=[elsewhere.pk])).status_code == 404
    client.post(reverse("comments_admin:act"), {"comment": mine.pk, "action": "approve"})
    assert Comment.objects.get(pk=mine.pk).status == Status.HELD


def test_editor_pins_and_replies_as_staff(article, newsroom, client):
    editor = StaffFactory(groups=[roles.EDITORS])
    target = visible(article, body="A question for the newsroom")
    staff = admin(editor)
    url = reverse("comments_admin:comment", args=[target.pk])
    staff.post(url, {"do": "pin"})
    staff.post(url, {"do": "reply", "body": "Our answer"})
    reply = Comment.objects.get(body="Our answer")
    assert reply.staff_reply and reply.in_reply_to == target
    html = client.get(article.url).content.decode()
    assert "Pinned" in html and "Staff" in html
