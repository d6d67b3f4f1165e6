"""The `article.audio` slot: a player for the article's narration, if it has one.

Rendered into cached pages shared by every reader, so nothing here depends on who is
reading. One query (the narration row), and none until the next purge once rendered
(core/fragments.py: tagged `article:<id>`, which every change to a narration bumps)."""

from django.template.loader import render_to_string

from masthead.articles.models import ArticlePage
from masthead.core import fragments

from . import queries


def render_player(context):
    page = context.get("page")
    if not isinstance(page, ArticlePage):
        return ""
    return fragments.get_or_set(
        context.get("request"),
        "audio-player",
        [page.pk],
        lambda: _player(page),
        tags=[f"article:{page.pk}"],
    )


def _player(page):
    narration = queries.for_player(page.pk)
    if narration is None:
        return ""
    return render_to_string(
        "audio/player.html", {"narration": narration, "page": page}, request=None
    )
