"""Posting, the pre-moderation rules, editing, deleting, likes, reports, moderation, bans,
counts and the fragment tag a visible change bumps."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from masthead.comments import queries, rules, scoring, services
from masthead.comments.models import Comment, Discussion, Like, ModerationLog, Report
from masthead.core import fragments
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory, UserFactory

from .factories import comment, comment_settings, member

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def article(newsroom):
    comment_settings()
    return newsroom.articles[0]


@pytest.fixture
def moderator(newsroom):
    return StaffFactory(groups=[roles.MODERATORS])


@pytest.fixture
def editor(newsroom):
    return StaffFactory(groups=[roles.EDITORS])


def body_errors(excinfo):
    return " ".join(excinfo.value.message_dict["body"])


# --- Who may post ---------------------------------------------------------------------


def test_members_post_by_default_and_others_are_told_why(article):
    posted = comment(article)
    assert posted.status == Status.VISIBLE
    with pytest.raises(services.NotAllowed) as refused:
        services.do_post_comment(UserFactory(), article, "Hello")
    assert refused.value.code == "join"


def test_signed_in_setting_lets_any_reader_post(article):
    comment_settings(who_may_post="signed_in")
    assert comment(article, UserFactory()).status == Status.VISIBLE


def test_comments_off_and_closed_articles_refuse(article):
    comment_settings(who_may_post="off")
    with pytest.raises(services.NotAllowed) as refused:
        comment(article)
    assert refused.value.code == "off"
    comment_settings(who_may_post="members")
    Discussion.objects.create(article=article, closed=True)
    with pytest.raises(services.NotAllowed) as refused:
        comment(article)
    assert refused.value.code == "closed"


def test_a_banned_member_cannot_post_until_the_ban_ends(article, moderator):
    reader = member()
    ban = services.do_ban(moderator, reader, "Insults", days=7)
    with pytest.raises(services.NotAllowed) as refused:
        comment(article, reader)
    assert refused.value.code == "banned" and "Insults" in refused.value.message
    assert services.do_lift_ban(moderator, ban)
    assert comment(article, reader).status == Status.VISIBLE
    assert list(ModerationLog.objects.filter(subject=reader).values_list("action", flat=True)) == [
        "lift_ban",
        "ban",
    ]


# --- Limits and refusals ------------------------------------------------------------------


def test_too_long_and_too_many_links_are_refused_with_counts(article):
    with pytest.raises(ValidationError) as refused:
        comment(article, body="x" * 5001)
    assert "5,000" in body_errors(refused) and "5,001" in body_errors(refused)
    links = " ".join(f"https://example.org/{i}" for i in range(6))
    with pytest.raises(ValidationError) as refused:
        comment(article, body=links)
    assert "at most 5 links" in body_errors(refused)
    assert comment(article, body=links.rsplit(" ", 1)[0]).status == Status.VISIBLE


def test_banned_word_refuses_at_once(article):
    comment_settings(banned_words="slur\nworse phrase")
    with pytest.raises(ValidationError) as refused:
        comment(article, body="You are a Slur.")
    assert "“slur”" in body_errors(refused)
    assert not Comment.objects.exists()


def test_double_submission_is_refused(article):
    reader = member()
    comment(article, reader, body="Same words")
    with pytest.raises(ValidationError) as refused:
        comment(article, reader, body="Same words")
    assert "already" in body_errors(refused)


@override_settings(COMMENTS_RATE_LIMIT=2)
def test_rate_limit_per_reader(article):
    reader = member()
    comment(article, reader, body="one")
    comment(article, reader, body="two")
    with pytest.raises(ValidationError) as refused:
        comment(article, reader, body="three")
    assert "quickly" in body_errors(refused)
    assert comment(article, body="someone else").status == Status.VISIBLE


# --- Holds ------------------------------------------------------------------------------


def test_pre_moderated_article_holds(article):
    Discussion.objects.create(article=article, premoderate=True)
    held = comment(article)
    assert held.status == Status.HELD and held.hold_reasons == [rules.ARTICLE]


def test_new_commenters_first_comments_are_held(article, moderator):
    comment_settings(hold_first=1)
    reader = member()
    first = comment(article, reader, body="first")
    assert first.hold_reasons == [rules.NEW_COMMENTER]
    services.do_moderate(moderator, [first.pk], "approve")
    assert comment(article, reader, body="second").status == Status.VISIBLE


def test_flagged_commenter_is_held(article, moderator):
    reader = member()
    services.do_flag_commenter(moderator, reader, True, "Trolling")
    assert comment(article, reader).hold_reasons == [rules.FLAGGED]


def test_suspect_word_holds(article):
    comment_settings(suspect_words="casino")
    held = comment(article, body="Visit my CASINO")
    assert held.status == Status.HELD and rules.SUSPECT_WORD in held.hold_reasons


def test_repeat_on_another_article_holds(article, newsroom):
    reader = member()
    comment(newsroom.articles[1], reader, body="Copy and paste")
    held = comment(article, reader, body="Copy and paste")
    assert held.hold_reasons == [rules.REPEAT]


class HoldEverything:
    def score(self, text, *, user, article):
        return scoring.Score(hold=True, reason="spam 0.99")


class Broken:
    def score(self, text, *, user, article):
        raise TimeoutError


def test_scorer_holds_and_a_broken_scorer_is_ignored(article):
    with override_settings(COMMENTS_SCORER=f"{__name__}.HoldEverything"):
        held = comment(article, body="scored")
    assert held.hold_reasons == [rules.SCORER, "scorer: spam 0.99"]
    with override_settings(COMMENTS_SCORER=f"{__name__}.Broken"):
        assert comment(article, body="still posts").status == Status.VISIBLE


def test_example_perspective_adapter_with_recorded_answer():
    answer = {"attributeScores": {"TOXICITY": {"summaryScore": {"value": 0.93}}}}
    calls = []
    scorer = scoring.PerspectiveScorer(
        api_key="k", post=lambda url, body: calls.append((url, body)) or answer
    )
    verdict = scorer.score("you idiot", user=None, article=None)
    assert verdict.hold and verdict.value == 0.93
    assert b'"doNotStore": true' in calls[0][1]
    assert scoring.PerspectiveScorer(api_key="").score("x", user=None, article=None) is None


def test_staff_comments_are_never_held(article, moderator):
    Discussion.objects.create(article=article, premoderate=True)
    assert comment(article, moderator).status == Status.VISIBLE


# --- Threads, editing, deleting -----------------------------------------------------------


def test_replies_are_one_level_deep_and_name_whom_they_answer(article):
    top = comment(article, body="top")
    reply = comment(article, body="reply", parent=top)
    answer = comment(article, body="answer to the reply", parent=reply)
    assert reply.parent == top and answer.parent == top
    assert answer.in_reply_to == reply


def test_edit_within_window_marks_edited_and_after_is_refused(article):
    reader = member()
    mine = comment(article, reader, body="Typo hre")
    edited = services.do_edit_comment(reader, mine, "Typo here")
    assert edited.edited_at and edited.html == "<p>Typo here</p>"
    with pytest.raises(services.NotAllowed):
        services.do_edit_comment(member(), mine, "Not mine")
    Comment.objects.filter(pk=mine.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    mine.refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.do_edit_comment(reader, mine, "Too late")


def test_an_edit_with_a_suspect_word_is_held_again(article):
    comment_settings(suspect_words="casino")
    reader = member()
    mine = comment(article, reader, body="Fine words")
    assert services.do_edit_comment(reader, mine, "casino now").status == Status.HELD
    assert Discussion.objects.get(article=article).count == 0


def test_delete_own_only(article):
    reader = member()
    mine = comment(article, reader)
    with pytest.raises(services.NotAllowed):
        services.do_delete_own_comment(member(), mine)
    services.do_delete_own_comment(reader, mine)
    assert Comment.objects.get(pk=mine.pk).status == Status.DELETED
    assert Discussion.objects.get(article=article).count == 0


# --- Likes, reports ---------------------------------------------------------------------


def test_one_like_per_reader(article):
    target = comment(article)
    fan = member()
    assert services.do_toggle_like(fan, target, True) == (True, 1)
    assert services.do_toggle_like(fan, target, True) == (True, 1)
    assert Like.objects.filter(comment=target).count() == 1
    assert services.do_toggle_like(fan, target) == (False, 0)
    with pytest.raises(services.NotAllowed):
        services.do_toggle_like(target.author, target)


def test_reports_hold_automatically_and_approval_resolves_them(article, moderator):
    target = comment(article)
    for _ in range(2):
        assert services.do_report(member(), target, "abuse")
    reporter = member()
    assert services.do_report(reporter, target, "spam")
    assert not services.do_report(reporter, target, "spam")  # counted once
    target.refresh_from_db()
    assert target.status == Status.HELD and rules.REPORTS in target.hold_reasons
    assert list(queries.queue("reported")) == [target]
    services.do_moderate(moderator, [target.pk], "approve")
    assert not Report.objects.filter(resolved_at=None).exists()
    assert list(queries.queue("reported")) == []


# --- Moderation ------------------------------------------------------------------------


def test_reject_needs_a_reason_kept_for_the_commenter(article, moderator):
    target = comment(article)
    with pytest.raises(ValidationError):
        services.do_moderate(moderator, [target.pk], "reject")
    services.do_moderate(moderator, [target.pk], "reject", "Personal attack")
    target.refresh_from_db()
    assert target.status == Status.REJECTED and target.rejection_reason == "Personal attack"
    assert ModerationLog.objects.get(comment=target).actor == moderator


def test_bulk_hide_and_delete_and_counts(article, moderator):
    first, second, third = (comment(article, body=f"c{i}") for i in range(3))
    assert queries.counts([article.pk]) == {article.pk: 3}
    assert services.do_moderate(moderator, [first.pk, second.pk], "hide") == 2
    services.do_moderate(moderator, [third.pk], "delete")
    assert queries.counts([article.pk]) == {}


def test_readers_and_authors_cannot_moderate(article):
    target = comment(article)
    with pytest.raises(services.NotAllowed):
        services.do_moderate(member(), [target.pk], "hide")
    with pytest.raises(services.NotAllowed):
        services.do_ban(StaffFactory(groups=[roles.AUTHORS]), target.author, "x")


def test_ban_can_hide_earlier_comments(article, moderator):
    reader = member()
    comment(article, reader, body="one")
    comment(article, reader, body="two")
    ban = services.do_ban(moderator, reader, "Spam", hide_comments=True)
    assert ban.hid_comments == 2 and ban.until is None
    assert Discussion.objects.get(article=article).count == 0


def test_pin_and_staff_reply_are_for_editors(article, editor, moderator):
    target = comment(article)
    with pytest.raises(services.NotAllowed):
        services.do_pin(moderator, target)
    services.do_pin(editor, target)
    services.do_mark_staff_reply(editor, target)
    target.refresh_from_db()
    assert target.pinned and target.staff_reply


# --- After commit: the fragment tag and emails --------------------------------------------


def test_visible_change_bumps_only_this_articles_tag(
    article, newsroom, django_capture_on_commit_callbacks
):
    key = fragments.TAG_KEY + services.tag(article.pk)
    other = fragments.TAG_KEY + services.tag(newsroom.articles[1].pk)
    cache = fragments._generation_cache()
    with django_capture_on_commit_callbacks(execute=True):
        comment(article)
    assert cache.get(key) is not None and cache.get(other) is None
    before = cache.get(key)
    Discussion.objects.update_or_create(article=article, defaults={"premoderate": True})
    with django_capture_on_commit_callbacks(execute=True):
        comment(article, body="held")
    assert cache.get(key) == before  # a held comment changes nothing readers see


def test_reply_email_to_opted_in_author_with_one_click_unsubscribe(
    article, django_capture_on_commit_callbacks, client
):
    asker = member(email="asker@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        top = comment(article, asker, body="A question", notify=True)
    answerer = member()
    mail.outbox.clear()  # membership welcomes
    with django_capture_on_commit_callbacks(execute=True):
        comment(article, answerer, body="An answer", parent=top)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asker@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment(article, answerer, body="Another answer", parent=top)
    assert mail.outbox == []
    assert client.post("/comments/unsubscribe/forged:replies/").status_code == 400


def test_staff_reply_email_to_commenters_who_opted_in(
    article, editor, django_capture_on_commit_callbacks
):
    keen = member()
    comment(article, keen, body="keen", notify=True)
    comment(article, body="not keen")
    mail.outbox.clear()  # membership welcomes
    with django_capture_on_commit_callbacks(execute=True):
        staff = comment(article, editor, body="From the newsroom")
        services.do_mark_staff_reply(editor, staff)
    assert [m.to for m in mail.outbox] == [[keen.email]]
    from masthead.comments import notifications

    assert notifications.send_staff_reply_notifications(staff.pk) == 0  # once
