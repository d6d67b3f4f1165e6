"""Who may do what with comments, through the site and the admin: one test per cell of
roles (anonymous, registered reader, member, banned member, moderator, author, editor) ×
actions (read, post, reply, edit, delete, like, report, moderate, ban)."""

import types

import pytest
from django.test import Client
from django.urls import reverse

from masthead.comments import services
from masthead.comments.models import Ban, Comment, Report
from masthead.core.tests.fixtures import module_data
from masthead.pages.tests.factories import build_newsroom
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory, UserFactory

from .factories import comment_settings, member, visible

pytestmark = pytest.mark.django_db

ANON, REGISTERED, MEMBER, BANNED, MODERATOR, AUTHOR, EDITOR = ROLES = (
    "anonymous",
    "registered",
    "member",
    "banned",
    "moderator",
    "author",
    "editor",
)
ACTIONS = ("read", "post", "reply", "edit", "delete", "like", "report", "moderate", "ban")
SIGNED_IN = {REGISTERED, MEMBER, BANNED, MODERATOR, AUTHOR, EDITOR}
ALLOWED = {
    "read": set(ROLES),
    # Members by default, and the newsroom's own staff; never a banned reader.
    "post": {MEMBER, MODERATOR, AUTHOR, EDITOR},
    "reply": {MEMBER, MODERATOR, AUTHOR, EDITOR},
    # One's own comment: editing runs the rules again (a banned reader may not), deleting
    # one's own words is always possible.
    "edit": SIGNED_IN - {BANNED},
    "delete": SIGNED_IN,
    "like": SIGNED_IN - {BANNED},
    # Anyone signed in may report (a banned reader too: notices of illegal content).
    "report": SIGNED_IN,
    "moderate": {MODERATOR, EDITOR},
    "ban": {MODERATOR, EDITOR},
}


def build():
    news = build_newsroom(sections=1, articles_per_section=2, authors=1)
    comment_settings()
    article = news.articles[0]
    users = {
        REGISTERED: UserFactory(),
        MEMBER: member(),
        BANNED: member(),
        MODERATOR: StaffFactory(groups=[roles.MODERATORS]),
        AUTHOR: StaffFactory(groups=[roles.AUTHORS]),
        EDITOR: StaffFactory(groups=[roles.EDITORS]),
    }
    Ban.objects.create(user=users[BANNED], reason="Abuse")
    target = visible(article, body="The comment everyone acts on")
    own = {
        role: visible(article, user, body=f"Own comment of {role}") for role, user in users.items()
    }
    return types.SimpleNamespace(article=article, users=users, target=target, own=own)


world = module_data(build)


def client_for(world, role):
    client = Client()
    if role != ANON:
        client.force_login(world.users[role])
    return client


def attempt(world, role, action):
    """Do `action` as `role` over HTTP; True if it took effect."""
    client = client_for(world, role)
    article, target = world.article, world.target
    user = world.users.get(role)
    write = reverse("comments:write", args=[article.pk])
    if action == "read":
        return "The comment everyone acts on" in client.get(article.url).content.decode()
    if action in ("post", "reply"):
        body = f"{action} by {role}"
        data = {"body": body, "parent": target.pk if action == "reply" else ""}
        client.post(write, data)
        found = Comment.objects.filter(body=body).first()
        return found is not None and (action == "post" or found.in_reply_to_id == target.pk)
    if action in ("edit", "delete"):
        own = world.own.get(role, target)
        if action == "edit":
            client.post(reverse("comments:edit", args=[own.pk]), {"body": f"edited by {role}"})
            return Comment.objects.filter(pk=own.pk, body=f"edited by {role}").exists()
        client.post(reverse("comments:delete", args=[own.pk]))
        return Comment.objects.filter(pk=own.pk, status=Comment.Status.DELETED).exists()
    if action == "like":
        client.post(reverse("comments:like", args=[target.pk]), {"like": "1"})
        return target.likes.filter(user=user).exists() if user else target.likes.exists()
    if action == "report":
        client.post(reverse("comments:report", args=[target.pk]), {"reason": "spam"})
        return Report.objects.filter(comment=target).exists()
    if action == "moderate":
        client.post(reverse("comments_admin:act"), {"comment": target.pk, "action": "hide"})
        return Comment.objects.filter(pk=target.pk, status=Comment.Status.HIDDEN).exists()
    if action == "ban":
        victim = world.users[MEMBER]
        client.post(
            reverse("comments_admin:commenter", args=[victim.pk]),
            {"do": "ban", "reason": "Matrix", "days": "1"},
        )
        return services.active_ban(victim) is not None
    raise AssertionError(action)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_cell(world, role, action):
    assert attempt(world, role, action) == (role in ALLOWED[action])
