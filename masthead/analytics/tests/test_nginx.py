"""Beacons counted from nginx's access log (nginxlog.py): the real nginx answers `/_/hit`
from the includes `manage.py analytics_nginx` writes and appends a line per hit; the
flush counts those lines by the app's own rules, once, and loses none across failures."""

import datetime
import io
import time
from http.server import BaseHTTPRequestHandler
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from masthead.analytics import hits, nginxlog, salt, scheduling, services
from masthead.analytics.models import ArticleDay, ArticleHour, Breakdown, FlushedSegment, PageHour
from masthead.core import workers
from masthead.core.tests.fixtures import module_data
from masthead.core.tests.nginx import HAS_NGINX, request, serving

from .conftest import BROWSER, PHONE
from .factories import newsroom

pytestmark = pytest.mark.django_db

data = module_data(lambda: newsroom(articles=1))
TODAY = timezone.now().astimezone(datetime.UTC).date()
NOON = datetime.datetime.combine(TODAY, datetime.time(12), datetime.UTC).timestamp()
# An hour ago: its slot is closed (NOON may be ahead of now).
PAST = float(int(time.time()) // 60 * 60 - 3600)


def line(at, args, ip="203.0.113.7", agent=BROWSER, host="news.example", dnt="-", gpc="-"):
    """A line as nginx writes it (escape=default: ", \\ and bytes outside 32..126 as
    \\xHH; "-" for an empty value)."""
    agent = "".join(
        f"\\x{byte:02X}" if byte in b'"\\' or not 32 <= byte <= 126 else chr(byte)
        for byte in agent.encode()
    )
    agent = agent or "-"
    return f"{at:.3f}\t{ip}\t{host}\t{agent}\t{dnt}\t{gpc}\t-\t-\t{args or '-'}\n"


@pytest.fixture
def log_dir(settings, tmp_path):
    settings.ANALYTICS_NGINX_LOG_DIR = str(tmp_path / "hits")
    settings.ANALYTICS_NGINX_SLOT_SECONDS = 1  # a flush of everything waits less
    (tmp_path / "hits").mkdir()
    return tmp_path / "hits"


def write_slot(directory, at, *lines):
    path = directory / f"hits-{int(at // nginxlog.slot_seconds())}.log"
    with open(path, "a", encoding="latin-1") as handle:
        handle.writelines(lines)
    return path


def hour(story, at=PAST):
    return ArticleHour.objects.get(article=story, hour=services._hour(at // 3600 * 3600))


def test_a_line_is_parsed_by_the_beacons_rules():
    hit = nginxlog.parse_line(
        line(NOON, "a=7&r=https%3A%2F%2Fnews.example.com%2Fx&u=spring&w=390").encode()
    )
    assert (hit.kind, hit.article, hit.at, hit.ref, hit.utm, hit.device) == (
        "v", 7, NOON, "news.example.com", "spring", "mobile",
    )  # fmt: skip
    assert len(hit.visitor) == 16
    end = nginxlog.parse_line(line(NOON, "a=7&e=1&rt=1&t=95").encode())
    assert (end.kind, end.read, end.seconds) == ("e", 1, 95)
    assert nginxlog.parse_line(line(NOON, "p=3&w=1280").encode()).kind == "p"
    # the reader's hash is the one the app's beacon makes of the same request
    # (a WSGI server gives a header's UTF-8 bytes as latin-1 characters, so does this)
    agent = 'Mozilla/5.0 "X" \\ é\t'
    escaped = nginxlog.parse_line(line(NOON, "a=7", agent=agent).encode())
    as_wsgi = agent.encode().decode("latin-1")
    assert escaped.visitor == hits.visitor_hash(
        salt.for_time(NOON), "203.0.113.7", as_wsgi, "news.example"
    )


@pytest.mark.parametrize(
    "text",
    [
        line(NOON, "a=7", dnt="1"),
        line(NOON, "a=7", gpc="1"),
        line(NOON, "a=7", agent="Mozilla/5.0 (compatible; Googlebot/2.1)"),
        line(NOON, "a=7", agent=""),
        line(NOON, "-"),
        line(NOON, "a=x"),
        "not\ta\tline\n",
        line(NOON, "a=7")[:25],  # torn
    ],
    ids=["dnt", "gpc", "bot", "no agent", "no data", "bad id", "junk", "torn"],
)
def test_what_the_beacon_would_not_count_is_not_counted(text):
    assert nginxlog.parse_line(text.encode("latin-1")) is None


def test_the_flush_counts_closed_slots_once_and_leaves_the_open_one(data, log_dir):
    home, _section, _author, (story,) = data
    now = time.time()
    write_slot(
        log_dir,
        PAST,
        line(PAST, f"a={story.pk}&r=news.example.com&w=390"),
        line(PAST + 1, f"a={story.pk}&w=1280", ip="198.51.100.9"),
        line(PAST + 2, f"a={story.pk}&e=1&rt=1&t=40"),
        line(PAST + 3, f"p={home.pk}&w=1280"),
        line(PAST + 4, "a=999999&w=390"),  # no such article: dropped
    )
    open_slot = write_slot(log_dir, now, line(now, f"a={story.pk}&w=390"))
    report = services.do_flush()
    assert (report.segments, report.hits) == (1, 5)  # read; the unknown id is dropped
    row = hour(story)
    assert (row.views, row.uniques, row.timed, row.reads, row.seconds) == (2, 2, 1, 1, 40)
    assert ArticleDay.objects.get(article=story).uniques == 2
    assert Breakdown.objects.get(kind="r").value == "news.example.com"
    assert PageHour.objects.get(page=home).views == 1
    assert FlushedSegment.objects.filter(name__startswith="nginx:taken-").count() == 1
    # the open slot waits; counted files are gone; nothing is counted twice
    assert [p.name for p in log_dir.iterdir()] == [open_slot.name]
    services.do_flush()
    assert hour(story).views == 2
    services.do_flush(everything=True)
    assert hour(story, now).views == 1 and not list(log_dir.iterdir())


def test_a_database_outage_keeps_the_file_and_a_crash_after_commit_counts_it_once(data, log_dir):
    story = data[3][0]
    write_slot(log_dir, PAST, line(PAST, f"a={story.pk}&w=390"))
    with mock.patch.object(services, "_add_hours", side_effect=OperationalError("down")):
        assert services.do_flush().failed == 1
    [taken] = log_dir.iterdir()  # taken (renamed) and kept for the next flush
    assert taken.name.startswith("taken-") and not ArticleHour.objects.exists()

    # counted, but the process dies before deleting it: the next flush only deletes it
    with mock.patch.object(nginxlog.NginxLogSegment, "discard"):
        assert services.do_flush().hits == 1
    assert taken.exists()
    report = services.do_flush()
    assert (report.skipped, report.hits) == (1, 0) and not taken.exists()
    assert hour(story).views == 1


def test_with_the_redis_buffer_readers_go_to_its_hyperloglogs(data, log_dir, redis_buffer):
    story = data[3][0]
    redis_buffer.append(services.buffer.Hit("v", PAST, story.pk, visitor="aaaa", device="mobile"))
    write_slot(
        log_dir,
        PAST,
        line(PAST, f"a={story.pk}&w=390"),
        line(PAST + 1, f"a={story.pk}&w=390"),  # the same reader again
        line(PAST + 2, f"a={story.pk}&w=390", ip="198.51.100.9"),
    )
    assert services.do_flush().hits == 4
    row = hour(story)
    assert (row.views, row.uniques) == (4, 3)
    assert ArticleDay.objects.get(article=story).uniques == 3


def test_a_default_queue_worker_keeps_the_flush_chain_alive():
    with mock.patch.object(scheduling, "ensure_flush_scheduled") as ensure:
        workers.Heart("w1", "narration").once(recover_now=False)
        ensure.assert_not_called()
        workers.Heart("w2", "default").once(recover_now=False)
        ensure.assert_called_once()


def test_without_a_log_directory_nginx_passes_the_beacon_to_the_app(settings):
    settings.ANALYTICS_NGINX_LOG_DIR = ""
    assert nginxlog.segments() == []
    assert "access_log" not in nginxlog.location_conf()
    assert "@hit_app" in nginxlog.location_conf()


# --- through the real nginx -------------------------------------------------------------


class App(BaseHTTPRequestHandler):
    """Stands in for the app behind nginx: records what reaches it."""

    protocol_version = "HTTP/1.1"
    seen = []

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        App.seen.append((self.command, self.path, self.rfile.read(length) if length else b""))
        self.send_response(204)
        self.end_headers()

    do_GET = do_HEAD = do_POST = answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    if not HAS_NGINX:
        pytest.skip("nginx is not installed")
    run = tmp_path_factory.mktemp("nginx-hits")
    with override_settings(
        ANALYTICS_NGINX_LOG_DIR=str(run / "hits"), ANALYTICS_NGINX_SLOT_SECONDS=1
    ):
        call_command("analytics_nginx", str(run), stdout=io.StringIO())
    with serving(run, App) as served:
        served.hits = run / "hits"
        yield served


def send(nginx, method, query, body=None, agent=BROWSER, **headers):
    data = body if body is not None else (b"" if method == "POST" else None)
    return request(f"{nginx.base}/_/hit{query}", method, data, **{"User-Agent": agent, **headers})


def test_nginx_answers_and_logs_beacons_the_flush_counts_them(data, nginx, settings):
    home, _section, _author, (story,) = data
    settings.ANALYTICS_NGINX_LOG_DIR = str(nginx.hits)
    settings.ANALYTICS_NGINX_SLOT_SECONDS = 1  # as the fixture's nginx
    App.seen.clear()
    status, headers, body = send(nginx, "POST", f"?a={story.pk}&r=news.example.com&w=390")
    assert (status, body) == (204, b"")
    assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    status, headers, body = send(nginx, "GET", f"?a={story.pk}&ns=1", agent=PHONE)
    assert (status, headers["Content-Type"], body[:6]) == (200, "image/gif", b"GIF89a")
    assert send(nginx, "POST", f"?p={home.pk}&w=1280")[0] == 204
    assert send(nginx, "POST", f"?a={story.pk}&e=1&rt=1&t=30")[0] == 204
    # answered alike, never counted
    assert send(nginx, "POST", f"?a={story.pk}&w=390", DNT="1")[0] == 204
    assert send(nginx, "POST", f"?a={story.pk}&w=390", **{"Sec-GPC": "1"})[0] == 204
    assert send(nginx, "POST", f"?a={story.pk}", agent="Googlebot/2.1")[0] == 204
    assert App.seen == []  # none of them reached the app

    # the reader's address and agent are in the raw lines until the flush, then nowhere
    assert "Mozilla" in "".join(p.read_text("latin-1") for p in nginx.hits.iterdir())
    report = services.do_flush(everything=True)
    assert report.hits == 4 and not list(nginx.hits.iterdir())
    row = hour(story, time.time())
    assert (row.views, row.uniques, row.timed, row.reads, row.seconds) == (2, 2, 1, 1, 30)
    assert set(Breakdown.objects.filter(kind="d").values_list("value", flat=True)) == {"mobile"}
    assert PageHour.objects.get(page=home).views == 1


def test_old_style_and_head_beacons_reach_the_app(nginx):
    App.seen.clear()
    assert send(nginx, "POST", "", body=b"a=5&w=390")[0] == 204  # a cached page's old script
    assert send(nginx, "HEAD", "?a=5")[0] == 204
    assert [(method, path) for method, path, _body in App.seen] == [
        ("POST", "/_/hit"),
        ("HEAD", "/_/hit?a=5"),
    ]
    assert App.seen[0][2] == b"a=5&w=390"


def test_a_beacon_just_after_a_flush_of_the_open_slot_is_not_lost(data, nginx, settings):
    """`flush_analytics --all` waits for the running slot to end before it takes its
    file: nginx, writing through a cached descriptor, would write on into a taken file
    and drop the first line once it found the name gone."""
    story = data[3][0]
    settings.ANALYTICS_NGINX_LOG_DIR = str(nginx.hits)
    settings.ANALYTICS_NGINX_SLOT_SECONDS = 1
    before = sum(ArticleHour.objects.filter(article=story).values_list("views", flat=True))
    assert send(nginx, "POST", f"?a={story.pk}&w=390")[0] == 204
    assert services.do_flush(everything=True).hits == 1
    for _ in range(3):
        assert send(nginx, "POST", f"?a={story.pk}&w=390")[0] == 204
    assert services.do_flush(everything=True).hits == 3
    after = sum(ArticleHour.objects.filter(article=story).values_list("views", flat=True))
    assert after - before == 4
    assert "failed" not in (nginx.run / "nginx-error.log").read_text()


def test_a_log_directory_nginx_would_misread_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ANALYTICS_NGINX_LOG_DIR = "/srv/hits $x"
    with pytest.raises(ImproperlyConfigured):
        nginxlog.location_conf()
    settings.ANALYTICS_NGINX_LOG_DIR = "/srv/news hits"  # a space is quoted
    assert 'access_log "/srv/news hits/hits-$masthead_hit_slot.log"' in nginxlog.location_conf()
