"""Commenters and comments for tests."""

from wagtail.models import Site

from masthead.comments import services
from masthead.comments.models import Comment, CommentSettings
from masthead.members.tests.factories import make_member
from masthead.users.tests.factories import UserFactory


def member(**kwargs):
    user = UserFactory(**kwargs)
    make_member(user)
    return user


def comment_settings(**values):
    """The default site's comment settings, changed and saved: no hold for first
    comments unless asked (tests of other rules stay independent)."""
    site = Site.objects.get(is_default_site=True)
    found = CommentSettings.for_site(site)
    values.setdefault("hold_first", 0)
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    return found


def comment(article, user=None, body="A thoughtful comment.", **kwargs):
    """A comment posted through the service (visible unless the rules hold it)."""
    return services.do_post_comment(user or member(), article, body, **kwargs)


def visible(article, user=None, body=None, **fields):
    """A visible comment written straight to the table (for tests of reading)."""
    from masthead.comments.services import _recount

    user = user or member()
    body = body or f"Comment by {user.pk}"
    from masthead.comments import text

    made = Comment.objects.create(
        article=article, author=user, body=body, html=text.render(body), **fields
    )
    _recount(article.pk)
    return made
