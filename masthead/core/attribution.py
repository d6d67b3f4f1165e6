"""First-party, cookie-less attribution: which article, referrer and campaign a reader
came from when they signed up, joined, gave or bought a gift.

The source lives only in the reader's tab: the analytics script keeps it in
sessionStorage (the article last read, the referrer's domain and the UTM campaign of the
visit's landing page) and writes it into every `<input name="mh_src">` on the page, which
forms and checkout buttons carry with `{% load attribution %}{% attribution_field %}`.
Nothing is stored in a cookie and nothing identifies the reader; with the script off or
blocked the field stays empty and the conversion counts as "direct".

The app that owns the action reads the field with `from_request(request)`, keeps the small
dict with its pending record (a pending subscription, Stripe Checkout metadata through
`dumps`/`loads`), and when the action succeeds calls `record_conversion(kind, source, …)`,
which sends `conversion` after the transaction commits. Analytics listens; nothing else
needs to know it exists.

Kinds: "signup" (a newsletter subscription confirmed), "membership" (a new membership),
"donation", "gift" (a gift membership bought).
"""

import json
import logging
import re

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

FIELD = "mh_src"
KINDS = ("signup", "membership", "donation", "gift")
MAX_RAW = 1000
MAX_TEXT = 100
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Sent after commit: sender=kind, kind, source (dict: article, ref, utm — any may be
# missing), amount (minor units, int or None), currency (ISO code, lower case or ""),
# ref (the owner's record, e.g. "membership:12").
conversion = Signal()


def clean(data):
    """The valid part of a source dict from an untrusted place; {} when nothing is valid."""
    if not isinstance(data, dict):
        return {}
    source = {}
    article = data.get("article")
    if isinstance(article, str) and article.isdigit():
        article = int(article)
    if isinstance(article, int) and not isinstance(article, bool) and 0 < article < 2**31:
        source["article"] = article
    ref = data.get("ref")
    if isinstance(ref, str):
        ref = ref.strip().lower().removeprefix("www.")
        if _DOMAIN.match(ref):
            source["ref"] = ref[:MAX_TEXT]
    utm = data.get("utm")
    if isinstance(utm, str):
        utm = _CONTROL.sub("", utm).strip()[:MAX_TEXT]
        if utm:
            source["utm"] = utm
    return source


def loads(raw):
    """A source from its JSON text (a form field, Stripe metadata); {} for anything else."""
    if not raw or not isinstance(raw, str) or len(raw) > MAX_RAW:
        return {}
    try:
        return clean(json.loads(raw))
    except ValueError:
        return {}


def dumps(source):
    """JSON text for Stripe metadata (values ≤ 500 characters) or a hidden field."""
    return json.dumps(clean(source), separators=(",", ":"), sort_keys=True)


def from_request(request):
    """The source a POSTed form carries in `mh_src`, validated; {} when there is none."""
    return loads(request.POST.get(FIELD, ""))


def record_conversion(kind, source, *, amount=None, currency="", ref=""):
    """Send `conversion` once the current transaction commits (at once outside one).
    A failing receiver is logged and never fails the reader's action."""
    if kind not in KINDS:
        raise ValueError(f"Unknown conversion kind {kind!r}; one of {KINDS}")
    source = clean(source)

    def send():
        for receiver, result in conversion.send_robust(
            sender=kind,
            kind=kind,
            source=source,
            amount=amount,
            currency=(currency or "").lower(),
            ref=ref,
        ):
            if isinstance(result, Exception):
                logger.error(
                    "Conversion receiver %r failed for %s %s", receiver, kind, ref, exc_info=result
                )

    transaction.on_commit(send)
