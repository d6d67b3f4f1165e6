"""Pre-moderation: what the rules say about a new or edited comment, in process.

Coral (Vox Media's Talk) runs each new comment through a list of moderation *phases*;
each may reject it, hold it ("pre-mod") or say nothing, and the first rejection wins. We
keep that shape, in one small module and one database:

* refusals (the reader fixes the text and sends again; nothing is stored): too long, too
  many links, a banned word, the same text just posted on this article;
* holds (stored, shown only to its author as "awaiting review", queued for a moderator):
  the article is pre-moderated, the commenter is new (their first N comments), flagged,
  the text has a suspect word, repeats their comment on another article, or the scorer
  (scoring.py) says so.

Moderators' and editors' own comments are never held (Coral: staff are trusted).
`judge` returns the hold reasons (empty: publish) or raises ValidationError.
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import scoring, text
from .models import Comment, Commenter

# Hold reasons, as stored in Comment.hold_reasons and shown in the queue.
ARTICLE, NEW_COMMENTER, FLAGGED, SUSPECT_WORD, REPEAT, SCORER, REPORTS = (
    "article",
    "new_commenter",
    "flagged",
    "suspect_word",
    "repeat",
    "scorer",
    "reports",
)
REASON_LABELS = {  # shown in the queue
    ARTICLE: gettext_lazy("Article is pre-moderated"),
    NEW_COMMENTER: gettext_lazy("New commenter"),
    FLAGGED: gettext_lazy("Flagged commenter"),
    SUSPECT_WORD: gettext_lazy("Suspect word"),
    REPEAT: gettext_lazy("Repeats an earlier comment"),
    SCORER: gettext_lazy("Scorer"),
    REPORTS: gettext_lazy("Reported by readers"),
}


@dataclass
class Draft:
    """What the rules look at: the text, who sends it, where, and whether it is an edit."""

    body: str
    user: object
    article: object
    settings: object  # CommentSettings of the site
    premoderate: bool = False
    trusted: bool = False  # moderators and editors
    editing: Comment | None = None
    notes: list = field(default_factory=list)


@lru_cache(maxsize=16)
def _pattern(lines):
    return text.words_pattern(lines)


def refusals(draft):
    """Messages for the body field: what stops this text from being posted at all."""
    errors = []
    body = draft.body
    if not body:
        errors.append(_("Write something before posting."))
    limit = settings.COMMENTS_MAX_CHARS
    if len(body) > limit:
        errors.append(
            _(
                "Please shorten your comment to %(limit)s characters or fewer: it has %(count)s. Your text is kept below."
            )
            % {"limit": intcomma(limit), "count": intcomma(len(body))}
        )
    links = len(text.links_in(body))
    if links > settings.COMMENTS_MAX_LINKS:
        errors.append(
            _(
                "A comment may hold at most %(limit)s links: this one has %(count)s. Your text is kept below."
            )
            % {"limit": settings.COMMENTS_MAX_LINKS, "count": links}
        )
    word = text.find_word(_pattern(draft.settings.banned_words), body)
    if word:
        errors.append(
            _(
                "Your comment contains “%(word)s”, which our community guidelines do not allow. Please reword it; your text is kept below."
            )
            % {"word": word}
        )
    if not errors and draft.editing is None and _recent_same_text(draft, same_article=True):
        errors.append(_("You posted this comment here already."))
    return errors


def _recent_same_text(draft, same_article):
    since = timezone.now() - datetime.timedelta(hours=settings.COMMENTS_REPEAT_HOURS)
    found = Comment.objects.filter(author=draft.user, body=draft.body, created_at__gte=since)
    found = found.exclude(status=Comment.Status.DELETED)
    if draft.editing is not None:
        found = found.exclude(pk=draft.editing.pk)
    if same_article:
        found = found.filter(article=draft.article)
    else:
        found = found.exclude(article=draft.article)
    return found.exists()


def holds(draft):
    """Why this comment waits for review (an empty list: it shows at once)."""
    if draft.trusted:
        return []
    reasons = []
    if draft.premoderate:
        reasons.append(ARTICLE)
    hold_first = draft.settings.hold_first
    if (
        hold_first
        and Comment.objects.filter(author=draft.user, status=Comment.Status.VISIBLE)
        .exclude(pk=getattr(draft.editing, "pk", None))[:hold_first]
        .count()
        < hold_first
    ):
        reasons.append(NEW_COMMENTER)
    if Commenter.objects.filter(user=draft.user, flagged=True).exists():
        reasons.append(FLAGGED)
    word = text.find_word(_pattern(draft.settings.suspect_words), draft.body)
    if word:
        reasons.append(SUSPECT_WORD)
        draft.notes.append(f"suspect word: {word}")
    if _recent_same_text(draft, same_article=False):
        reasons.append(REPEAT)
    verdict = scoring.score(draft.body, user=draft.user, article=draft.article)
    if verdict is not None and verdict.hold:
        reasons.append(SCORER)
        if verdict.reason:
            draft.notes.append(f"scorer: {verdict.reason}")
    return reasons


def judge(draft):
    """The hold reasons for `draft`, or ValidationError({"body": [...]}) if refused."""
    errors = refusals(draft)
    if errors:
        raise ValidationError({"body": errors})
    return holds(draft)
