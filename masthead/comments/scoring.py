"""Pluggable scorers: a spam or toxicity service asked about every new or edited comment.

A scorer is any object with `score(text, *, user, article) -> Score | None`. Returning a
Score with `hold=True` holds the comment for review (it never rejects: a person decides);
None or `hold=False` lets the other rules decide. COMMENTS_SCORER names the class by its
dotted path; empty is `NoopScorer`. A scorer that raises or times out is logged and
ignored: posting never fails because a service is down.

`PerspectiveScorer` below is the documented example adapter for Jigsaw's Perspective API
(toxicity). It goes through `core.outbound` (the guarded client) and takes a `post`
function, so tests give it a recorded answer and make no network call. To use it:

    COMMENTS_SCORER=masthead.comments.scoring.PerspectiveScorer
    PERSPECTIVE_API_KEY=...   # read from the environment by the adapter
    OUTBOUND_ALLOWED_HOSTS includes commentanalyzer.googleapis.com if you restrict hosts
"""

import json
import logging
import os
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Score:
    hold: bool
    reason: str = ""
    value: float | None = None


class NoopScorer:
    """Says nothing about any comment: the default."""

    def score(self, text, *, user, article):
        return None


class PerspectiveScorer:
    """Example adapter: hold a comment whose TOXICITY is at least `threshold`."""

    URL = "https://commentanalyzer.googleapis.com/v1alpha1/comments:analyze"

    def __init__(self, api_key=None, threshold=0.8, post=None):
        self.api_key = api_key if api_key is not None else os.environ.get("PERSPECTIVE_API_KEY", "")
        self.threshold = threshold
        self.post = post or self._post

    def _post(self, url, body):
        from masthead.core import outbound

        response = outbound.request(
            "POST", url, body=body, headers={"Content-Type": "application/json"}, timeout=3
        )
        return json.loads(response.body)

    def score(self, text, *, user, article):
        if not self.api_key:
            return None
        body = json.dumps(
            {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": True}
        ).encode()
        answer = self.post(f"{self.URL}?key={self.api_key}", body)
        value = answer["attributeScores"]["TOXICITY"]["summaryScore"]["value"]
        return Score(hold=value >= self.threshold, reason=f"toxicity {value:.2f}", value=value)


@lru_cache(maxsize=4)
def _scorer_for(path):
    return import_string(path)() if path else NoopScorer()


def get_scorer():
    return _scorer_for(settings.COMMENTS_SCORER)


def score(text, *, user, article):
    """The configured scorer's verdict, or None when it has none or fails."""
    try:
        return get_scorer().score(text, user=user, article=article)
    except Exception:
        logger.exception("comment scorer failed; the comment is judged by the other rules")
        return None
