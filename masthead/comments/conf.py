"""Settings of comments (masthead/comments/CONTEXT.md). Who may post, the word lists and
how many first comments are held are site settings editors change in the admin
(`CommentSettings`); these are the limits an operator sets."""

from masthead.core.appsettings import env

# How long after posting a commenter may still edit a comment (minutes).
COMMENTS_EDIT_MINUTES = env.int("COMMENTS_EDIT_MINUTES", default=15)
# Limits on one comment, each refused with a message beside the field.
COMMENTS_MAX_CHARS = env.int("COMMENTS_MAX_CHARS", default=5000)
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=5)
# Per reader: at most COMMENTS_RATE_LIMIT comments per COMMENTS_RATE_WINDOW seconds.
COMMENTS_RATE_LIMIT = env.int("COMMENTS_RATE_LIMIT", default=5)
COMMENTS_RATE_WINDOW = env.int("COMMENTS_RATE_WINDOW", default=60)
# The same text from the same reader within this many hours is a repeat: refused on the
# same article (a double submission), held for review on another (copy-paste spam).
COMMENTS_REPEAT_HOURS = env.int("COMMENTS_REPEAT_HOURS", default=24)
# Readers' reports that hold a visible comment for review.
COMMENTS_REPORTS_TO_HOLD = env.int("COMMENTS_REPORTS_TO_HOLD", default=3)
# Top-level comments per page of an article's thread.
COMMENTS_PAGE_SIZE = env.int("COMMENTS_PAGE_SIZE", default=20)
# Dotted path of the scorer asked about every new or edited comment (comments/scoring.py):
# empty is the no-op scorer.
COMMENTS_SCORER = env.str("COMMENTS_SCORER", default="")
