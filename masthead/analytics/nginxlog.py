"""Beacons counted by nginx's access log: no Python per hit behind nginx.

Behind deploy's nginx a beacon never reaches the app. nginx answers `/_/hit` itself (204
to a POST, a 1×1 GIF to the `<noscript>` GET) and appends one line per hit to a file of
its ten-second slot under ANALYTICS_NGINX_LOG_DIR (`hits-<slot>.log`, the slot being the
unix time without its last digit). The flush (services.do_flush) takes the files of
slots no nginx worker writes to any more, renames each to a name of its own (so a file
is taken once even if the clock steps back), turns its lines into hits with the very
rules the app's beacon uses (hits.parse: Do Not Track, GPC, prefetches, bots, the salted
reader hash, the device, the country) and counts it like any buffer segment: in one
transaction that records its name, deleted only after the commit.

Each line holds the reader's address and user agent until its file is counted (a flush
interval and two slots: under a minute by default; the issue allows raw events a day).
Nothing but the salted hash outlives it.

`manage.py analytics_nginx DIR` writes nginx's two includes from these settings
(`http_conf`, `location_conf`); without ANALYTICS_NGINX_LOG_DIR the location passes
`/_/hit` to the app, which counts as it does without nginx (wsgi.BeaconPath).
"""

import os
import re
import socket
import time
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import hits, ingest

# A file per slot of ANALYTICS_NGINX_SLOT_SECONDS: 10 (nginx's map drops the last digit of
# $msec's seconds) or 1 (the tests: a flush of everything waits for the slot to end).
SLOT_REGEX = {10: "(?<masthead_hit_s>[0-9]+)[0-9]", 1: "(?<masthead_hit_s>[0-9]+)"}


def slot_seconds():
    value = settings.ANALYTICS_NGINX_SLOT_SECONDS
    if value not in SLOT_REGEX:
        raise ImproperlyConfigured("ANALYTICS_NGINX_SLOT_SECONDS must be 10 or 1.")
    return value


# One line per hit, tab-separated. escape=default writes ", \ and bytes outside
# 32..126 as \xHH, so a tab inside a value never splits a line; an empty value is "-".
FIELDS = (
    "$msec",
    "$remote_addr",
    "$http_host",
    "$http_user_agent",
    "$http_dnt",
    "$http_sec_gpc",
    "$http_sec_purpose",
    "$http_purpose",
    "$args",
)
_ESCAPE = re.compile(rb"\\x([0-9A-Fa-f]{2})")


def log_dir():
    value = settings.ANALYTICS_NGINX_LOG_DIR
    if value and any(char in value for char in '"\\\n$'):
        raise ImproperlyConfigured(
            "ANALYTICS_NGINX_LOG_DIR cannot hold a quote, a backslash, $ or a newline."
        )
    return Path(value) if value else None


def http_conf():
    """nginx's http-level include: the log format, the slot of the file a hit goes to,
    and which beacon requests go to the app instead (HEAD and other methods; a POST whose
    data is in its body, as beacon.js sent it before it used the query string)."""
    if log_dir() is None:
        return "# ANALYTICS_NGINX_LOG_DIR is not set: the app counts the beacons.\n"
    fields = "\\t".join(FIELDS)
    return (
        "# Written by manage.py analytics_nginx (masthead/analytics/nginxlog.py).\n"
        f"log_format masthead_hit escape=default '{fields}';\n"
        "map $msec $masthead_hit_slot {\n"
        f'    "~^{SLOT_REGEX[slot_seconds()]}\\." $masthead_hit_s;\n'
        "    default 0;\n"
        "}\n"
        'map "$request_method:$args" $masthead_hit_to_app {\n'
        "    default 1;\n"
        '    "~^GET:" "";\n'
        '    "~^POST:." "";\n'
        "}\n"
    )


def location_conf():
    """The body of `location = /_/hit`."""
    directory = log_dir()
    if directory is None:
        return "error_page 418 = @hit_app;\nreturn 418;\n"
    headers = "".join(f'add_header {name} "{value}" always;\n' for name, value in ingest.HEADERS)
    return (
        "# Written by manage.py analytics_nginx (masthead/analytics/nginxlog.py).\n"
        "error_page 418 = @hit_app;\n"
        "if ($masthead_hit_to_app) { return 418; }\n"
        # nginx writes a log whose path has variables only where the request's root exists
        f'root "{directory}";\n'
        f'access_log "{directory}/hits-$masthead_hit_slot.log" masthead_hit;\n'
        # the file stays open between hits (a path with variables is opened per line
        # otherwise); a file is taken once its slot has passed, and never written again
        "open_log_file_cache max=16 inactive=30s valid=1m min_uses=1;\n"
        f"{headers}"
        "if ($request_method = POST) { return 204; }\n"
        "empty_gif;\n"
    )


def _slot(now):
    return int(now // slot_seconds())


def segments(everything=False):
    """The files to count, oldest first: the ones taken by an earlier flush that did not
    finish, then each closed slot's file, taken now (renamed). A slot is closed one
    slot after its end: nginx never writes to it again. `everything` (tests, the bench,
    `flush_analytics --all`) first waits for the running slot to end, then takes it too:
    a file nginx may still write to is never taken (its cached descriptor would write
    on into the taken file, and drop a line when it found the name gone)."""
    directory = log_dir()
    if directory is None or not directory.exists():
        return []
    found = [NginxLogSegment(path) for path in sorted(directory.glob("taken-*.log"))]
    now = time.time()
    before = _slot(now) - 1
    files = []
    for path in sorted(directory.glob("hits-*.log")):
        try:
            files.append((int(path.name[5:-4]), path))
        except ValueError:
            continue
    if everything and any(slot >= before for slot, _path in files):
        running = _slot(now)
        time.sleep(max(0.0, (running + 1) * slot_seconds() + 0.25 - now))
        before = running + 1
    for slot, path in files:
        if slot >= before:
            continue
        taken = directory / (
            f"taken-{slot:010d}-{socket.gethostname()}-{os.getpid()}-{time.time_ns()}.log"
        )
        try:
            path.rename(taken)
        except FileNotFoundError:  # another flush took it first
            continue
        found.append(NginxLogSegment(taken))
    return found


def _fields(raw):
    """A line's fields as nginx wrote them, decoded as a WSGI server decodes headers
    (latin-1, after nginx's \\xHH escapes), so a reader hashes alike whichever path
    counted them; "-" (nginx's empty value) is ""."""
    parts = raw.split(b"\t")  # before unescaping: a value's own tab is \\x09
    if b"\\x" in raw:
        parts = [_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), part) for part in parts]
    return ["" if value == "-" else value for value in (p.decode("latin-1") for p in parts)]


@lru_cache(maxsize=4096)
def _params(args):
    """A beacon's query string as a dict (never changed by its users). Beacons repeat
    theirs (the same article, width and referrer): parsed once per flush process."""
    return ingest.params_of(args, b"")


def parse_line(raw):
    """The hit one log line describes, or None (not to be counted, or not a line)."""
    parts = _fields(raw.rstrip(b"\n"))
    if len(parts) != len(FIELDS):
        return None
    at, ip, host, agent, dnt, gpc, sec_purpose, purpose, args = parts
    try:
        now = float(at)
    except ValueError:
        return None
    headers = {
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": agent,
        "HTTP_DNT": dnt,
        "HTTP_SEC_GPC": gpc,
        "HTTP_SEC_PURPOSE": sec_purpose,
        "HTTP_PURPOSE": purpose,
    }
    return hits.parse(_params(args), headers, ip, now=now)


class NginxLogSegment:
    def __init__(self, path):
        self.path = path
        self.name = f"nginx:{path.name}"

    def hits(self):
        with open(self.path, "rb") as handle:
            for line in handle:
                hit = parse_line(line)  # a torn last line (a full disk) is skipped
                if hit is not None:
                    yield hit

    def discard(self):
        self.path.unlink(missing_ok=True)
