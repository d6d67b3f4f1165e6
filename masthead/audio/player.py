"""The `article.audio` slot: a player for the article's narration, if it has one.

Rendered into cached pages shared by every reader, so nothing here depends on who is
reading. One query (the narration row)."""

from django.template.loader import render_to_string

from masthead.articles.models import ArticlePage

from . import queries


def render_player(context):
    page = context.get("page")
    if not isinstance(page, ArticlePage):
        return ""
    narration = queries.for_player(page.pk)
    if narration is None:
        return ""
    return render_to_string(
        "audio/player.html", {"narration": narration, "page": page}, request=None
    )
