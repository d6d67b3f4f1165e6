"""One beacon request → one `Hit`, or nothing: the cheap part of counting, run per request.

No database here. What the reader's browser says is checked and trimmed: the article id
(checked against real articles at the flush), the referrer's domain, the UTM campaign, a
device class from the window width (the user agent for the `<noscript>` image), whether
the reader reached the end and the seconds spent. Nothing is kept that names the reader:
the address and the user agent only enter a salted hash (`visitor`), whose salt changes
every day and is deleted after it (`salt.py`).

Not counted at all: Do Not Track (`DNT: 1`), Global Privacy Control (`Sec-GPC: 1`), known
bots (the crawler-user-agents list, `is_bot`), prefetches, and a request with no user agent.
"""

import hashlib
import re
import time
from dataclasses import dataclass
from functools import lru_cache

import crawleruseragents
from django.conf import settings

from . import geo, salt

_DOMAIN = re.compile(
    r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\t]")
DEVICES = {"m": "mobile", "t": "tablet", "d": "desktop"}


@dataclass(slots=True)
class Hit:
    kind: str  # "v": an article view; "e": its end (read-through, time); "p": a page view
    at: float  # unix time
    article: int  # the article's page id; for "p", the (home, section, …) page's
    visitor: str = ""
    ref: str = ""
    utm: str = ""
    device: str = ""
    country: str = ""
    read: int = 0
    seconds: int = 0

    FIELDS = (
        "kind",
        "at",
        "article",
        "visitor",
        "ref",
        "utm",
        "device",
        "country",
        "read",
        "seconds",
    )

    def line(self):
        """One tab-separated line of the embedded buffer."""
        return (
            f"{self.kind}\t{self.at:.0f}\t{self.article}\t{self.visitor}\t{self.ref}\t"
            f"{self.utm}\t{self.device}\t{self.country}\t{self.read}\t{self.seconds}\n"
        )

    @classmethod
    def from_line(cls, line):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 10 or parts[0] not in ("v", "e", "p"):
            return None
        try:
            return cls(
                parts[0], float(parts[1]), int(parts[2]), parts[3], parts[4], parts[5],
                parts[6], parts[7], int(parts[8]), int(parts[9]),
            )  # fmt: skip
        except ValueError:
            return None


def _bot_pattern():
    patterns = [entry["pattern"] for entry in crawleruseragents.CRAWLER_USER_AGENTS_DATA]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_BOTS = []


@lru_cache(maxsize=4096)
def is_bot(user_agent):
    """True for a user agent on the crawler-user-agents list (monperrus/crawler-user-agents,
    the PyPI package, updated with each release), or none at all."""
    if not user_agent:
        return True
    if not _BOTS:
        _BOTS.append(_bot_pattern())
    return _BOTS[0].search(user_agent) is not None


def opted_out(headers):
    """Do Not Track or Global Privacy Control: `headers` is a WSGI environ or META."""
    return (
        headers.get("HTTP_DNT", "").strip() == "1" or headers.get("HTTP_SEC_GPC", "").strip() == "1"
    )


def referrer_domain(value, own_host=""):
    value = (value or "").strip().lower()
    if "//" in value:
        value = value.split("//", 1)[1]
    value = value.split("/", 1)[0].split(":", 1)[0].removeprefix("www.")
    if not value or value == own_host.split(":", 1)[0].removeprefix("www.").lower():
        return ""
    return value[:100] if _DOMAIN.match(value) else ""


def campaign(value):
    return _CONTROL.sub("", (value or "")).strip()[:100]


def device_from_width(value):
    try:
        width = int(value)
    except (TypeError, ValueError):
        return ""
    if width <= 0:
        return ""
    return "mobile" if width < 600 else "tablet" if width < 1024 else "desktop"


def device_from_agent(user_agent):
    if re.search(r"iPad|Tablet|Android(?!.*Mobile)", user_agent):
        return "tablet"
    if "Mobi" in user_agent:
        return "mobile"
    return "desktop"


def _int(value, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def visitor_hash(day_salt, ip, user_agent, host):
    digest = hashlib.blake2b(f"{ip}\n{user_agent}\n{host}".encode(), key=day_salt, digest_size=8)
    return digest.hexdigest()


def parse(params, headers, ip, now=None):
    """The hit a beacon request describes, or None when it is not to be counted.

    `params` is the beacon's form (a dict of strings): `a` article id; for a view `r`
    referrer (a URL or domain), `u` UTM campaign, `w` window width, `ns` (the noscript
    image); for the end of a view `e=1`, `rt` read to the end (1/0), `t` seconds. A view
    of any other reader page (home, section, author…) has `p`, its page id, instead of
    `a` (a "p" hit: counted with its readers; its referrer and the rest are not kept).
    `headers` is the WSGI environ (or request.META)."""
    if not settings.ANALYTICS_ENABLED or opted_out(headers):
        return None
    purpose = headers.get("HTTP_SEC_PURPOSE", "") or headers.get("HTTP_PURPOSE", "")
    if "prefetch" in purpose.lower():
        return None
    user_agent = headers.get("HTTP_USER_AGENT", "")[:512]
    if is_bot(user_agent):
        return None
    now = time.time() if now is None else now
    article = _int(params.get("a"), 1, 2**31 - 1)
    if article is None:
        page = _int(params.get("p"), 1, 2**31 - 1)
        if page is None:
            return None
        visitor = visitor_hash(salt.for_time(now), ip, user_agent, headers.get("HTTP_HOST", ""))
        return Hit("p", now, page, visitor=visitor)
    if params.get("e") == "1":
        seconds = _int(params.get("t"), 0, 10**7) or 0
        return Hit(
            "e",
            now,
            article,
            read=1 if params.get("rt") == "1" else 0,
            seconds=min(seconds, settings.ANALYTICS_MAX_SECONDS),
        )
    host = headers.get("HTTP_HOST", "")
    if params.get("ns") == "1":
        device = device_from_agent(user_agent)
    else:
        device = device_from_width(params.get("w")) or device_from_agent(user_agent)
    return Hit(
        "v",
        now,
        article,
        visitor=visitor_hash(salt.for_time(now), ip, user_agent, host),
        ref=referrer_domain(params.get("r"), host),
        utm=campaign(params.get("u")),
        device=device,
        country=geo.country(ip),
    )
