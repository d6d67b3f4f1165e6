"""The view beacon at rising rates, through `make run`'s server and through the
production topology (nginx in front): zero loss, flush lag, CPU, and article pages
served at the same time.

Two topologies (--topologies run,nginx):

* **run**: `manage.py serve --no-worker` with config.settings.embedded, as `make run`
  starts it (granian, one process per core, SQLite, the file buffer under the data
  directory), and the same server with ANALYTICS_REDIS_URL (--buffers file,redis;
  BENCH_ANALYTICS_REDIS_URL, default redis://127.0.0.1:6379/5). Binds 127.0.0.1:8182.
* **nginx**: tools/serve_prod.py's `Stack` as `make serve-prod` starts it (nginx from
  deploy/nginx.conf.template → granian, production settings, PostgreSQL
  BENCH_ANALYTICS_DATABASE_URL, default …/masthead_bench_analytics, kept between runs;
  Redis BENCH_ANALYTICS_PROD_REDIS_URL, default redis://127.0.0.1:6379/12, emptied at
  the start: the Redis buffer, as in production). wrk talks to nginx, which answers
  `/_/hit` itself and appends each hit to a ten-second file (ANALYTICS_NGINX_LOG_DIR,
  analytics/nginxlog.py) that the flush counts: no Python per hit. Binds
  127.0.0.1:8183 (nginx), 8184 (the app) and 8185 (the news feed stream).

The task workers are left out of both, so that this script runs the flush itself and
times it. For each target rate, wrk (a Lua script: POSTs as sendBeacon sends them, a
browser's user agent, five articles in turn, a per-connection delay that paces the
rate) drives `/_/hit` for SECONDS; then `manage.py flush_analytics --all` counts the
buffer. A round prints:

  target/sent     the rate asked and the rate wrk achieved (requests/s)
  sent/counted    the beacons wrk got a 204 for, and the views the flush added (up to
                  one more per connection: wrk does not report the requests in flight
                  when it stops, the server counts them)
  lost            sent − counted when positive (must be 0), and wrk's errors
  flush s         how long the flush took to count the round's hits (inside
                  `manage.py flush_analytics`). The flush lag, from a hit to its figure,
                  is at most two ANALYTICS_SEGMENT_SECONDS (file buffer; two
                  ten-second slots for nginx's log; none for Redis) + the
                  ANALYTICS_FLUSH_INTERVAL + this; the summary gives it
  cpu µs/hit      the app server's processes' CPU (user + system, /proc) per beacon;
                  behind nginx, nginx's workers' too; then the flush's own CPU, as
                  "app+nginx+flush"
  load            the 1-minute load average (the machine's 2 cores are shared)

Then article pages with and without the beacon: wrk on one article page (as readers get
it: the page cache's copy in `make run`, the page file nginx serves in production) for
SECONDS alone, then while a second wrk sends beacons at the highest rate that lost
nothing (capped at each of --page-beacon-rates, default 1,000 and 5,000/s), then alone
again. It prints the three req/s, the loaded one as a share of the alone runs' mean, and
the beacons sent and lost meanwhile. wrk itself runs on the same two cores, so some of
any drop is wrk's own CPU. The flush runs after that window (on a server, a worker runs
it every ANALYTICS_FLUSH_INTERVAL): its share of the machine is its CPU per hit times the
rate.

The summary gives the highest rate achieved with zero loss and no error per topology and
buffer (wrk paces by a delay after each answer, so a loaded machine falls short of a
target; "max" is unpaced). Target: ≥ 5,000 hits/s, and no change to article-page
throughput while it runs.

    .venv/bin/python bench/analytics.py [--rates 1000,2500,5000,7500,10000,max]
                                        [--seconds 10] [--topologies run,nginx]
                                        [--buffers file,redis]
                                        [--page-beacon-rates 1000,5000]

Needs wrk (and nginx for the nginx topology: apt-get install nginx-light wrk).
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.embedded import embedded_env  # noqa: E402
from bench.traffic import cpu_seconds  # noqa: E402
from tools.serve_prod import NGINX, Stack  # noqa: E402

PORT = 8182
NGINX_PORT, APP_PORT, STREAM_PORT = 8183, 8184, 8185
DATA = ROOT / ".cache" / "bench-analytics"
REDIS_URL = os.environ.get("BENCH_ANALYTICS_REDIS_URL", "redis://127.0.0.1:6379/5")
PROD_REDIS_URL = os.environ.get("BENCH_ANALYTICS_PROD_REDIS_URL", "redis://127.0.0.1:6379/12")
PROD_DATABASE_URL = os.environ.get(
    "BENCH_ANALYTICS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/masthead_bench_analytics"
)
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

LUA = """
local ids = {%(ids)s}
local n = 0
local pause = %(pause)s
wrk.method = "POST"
wrk.headers["User-Agent"] = "%(ua)s"
request = function()
  n = n + 1
  -- as beacon.js sends it: an empty POST, the data in the query string
  local path = "/_/hit?a=" .. ids[(n %% #ids) + 1] .. "&w=1280&r=search.example&u=bench"
  return wrk.format(nil, path, nil, "")
end
delay = function()
  return pause
end
"""

SETUP = """
from django.conf import settings
from masthead.articles.models import ArticlePage
if not ArticlePage.objects.exists():
    from masthead.pages.tests.factories import build_newsroom
    build_newsroom(sections=1, articles_per_section=5, authors=1)
live = ArticlePage.objects.live().order_by("pk")
print("IDS", ",".join(str(pk) for pk in live.values_list("pk", flat=True)[:5]))
print("URL", live.first().url)
print("FLUSH", settings.ANALYTICS_FLUSH_INTERVAL, settings.ANALYTICS_SEGMENT_SECONDS)
"""

COUNT = """
from django.db.models import Sum
from masthead.analytics.models import ArticleHour
print("VIEWS", ArticleHour.objects.aggregate(v=Sum("views"))["v"] or 0)
"""


def env(redis_url=""):
    """`make run`'s environment (bench/embedded.py), with the analytics buffer under this
    bench's directory, in Redis when `redis_url` is given."""
    return (
        embedded_env(DATA, PORT, drop=("ANALYTICS_",))
        | {"ANALYTICS_BUFFER_DIR": str(DATA / "buffer")}
        | (
            {"ANALYTICS_REDIS_URL": redis_url, "ANALYTICS_REDIS_PREFIX": "h18-bench:an:"}
            if redis_url
            else {}
        )
    )


def manage(environment, *args, code=None):
    command = [sys.executable, "manage.py", *args] + (["-c", code] if code else [])
    return subprocess.run(
        command, cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    ).stdout


def wait_for_port(port, timeout=60):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not listen on 127.0.0.1:{port}")


def parse_wrk(out):
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(map(int, socket_errors.groups())) if socket_errors else 0
    )
    return requests, rps, errors


def wrk_command(url, seconds, connections, lua=None):
    return ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", *(["-s", str(lua)] if lua else []),
            "-H", f"User-Agent: {UA}", "-H", "Accept-Encoding: gzip", url]  # fmt: skip


def run_wrk(url, seconds, connections, lua=None):
    out = subprocess.run(
        wrk_command(url, seconds, connections, lua),
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    return parse_wrk(out)


def beacon_script(ids, rate, connections):
    pause = max(0, round(connections * 1000 / rate)) if rate else 0
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA % {"ids": ids, "pause": pause, "ua": UA})
    return lua.name


class RunTarget:
    """`make run`'s server (embedded settings) with the file or the Redis buffer."""

    def __init__(self, kind):
        self.kind = kind
        self.name = f"make run, {kind} buffer"
        self.environment = env(REDIS_URL if kind == "redis" else "")
        self.origin = f"http://127.0.0.1:{PORT}"

    def manage(self, *args, code=None):
        return manage(self.environment, *args, code=code)

    def start(self):
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.log = open(DATA / "serve.log", "w")  # noqa: SIM115 - closed in stop()
        self.server = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--no-worker", "--port", str(PORT)],
            cwd=ROOT, env=self.environment, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        wait_for_port(PORT)
        self.describe = (
            f"make run's server (granian, embedded settings, {self.kind} buffer) on {self.origin}"
        )

    def pids(self):
        return [self.server.pid]

    def nginx_pids(self):
        return []

    def stop(self):
        self.server.send_signal(signal.SIGINT)
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
        self.log.close()


class NginxTarget:
    """The production topology of `make serve-prod`: nginx → granian, PostgreSQL, Redis.
    nginx answers the beacons and logs them into ten-second files (ANALYTICS_NGINX_LOG_DIR,
    analytics/nginxlog.py) that the flush counts: the app never sees a beacon."""

    kind = "nginx log"
    name = "nginx → granian (production), beacons counted from nginx's log"
    slot_seconds = 10  # nginxlog.SLOT_SECONDS (not imported: no Django here)

    def __init__(self):
        self.stack = Stack(
            DATA / "prod",
            port=NGINX_PORT,
            app_port=APP_PORT,
            stream_port=STREAM_PORT,
            database_url=PROD_DATABASE_URL,
            redis_url=PROD_REDIS_URL,
        )
        self.origin = f"http://127.0.0.1:{NGINX_PORT}"

    def manage(self, *args, code=None):
        return self.stack.manage(
            *args, *(["-c", code] if code else []), capture_output=True, text=True
        ).stdout

    def start(self):
        subprocess.run(["redis-cli", "-u", PROD_REDIS_URL, "flushdb"], capture_output=True)
        print(f"preparing the production topology on {PROD_DATABASE_URL} …", flush=True)
        self.stack.prepare()
        self.stack.start(nginx=True, worker=False)
        self.describe = (
            f"nginx on {self.origin} → granian ({self.stack.workers} workers, production "
            f"settings) on 127.0.0.1:{APP_PORT}, PostgreSQL, Redis buffer ({PROD_REDIS_URL})"
        )

    def _pids(self, program):
        return [
            p.pid
            for p in self.stack.processes
            if p.poll() is None and Path(p.args[0]).name == program
        ]

    def pids(self):
        return self._pids(Path(self.stack.app_server_command()[0]).name)

    def nginx_pids(self):
        return self._pids(Path(NGINX).name)

    def stop(self):
        self.stack.stop()


def views(target):
    return int(re.search(r"VIEWS (\d+)", target.manage("shell", code=COUNT)).group(1))


def flush(target):
    """The flush's wall time and CPU time (seconds), as flush_analytics measures them."""
    out = target.manage("flush_analytics", "--all")
    took, cpu = re.search(r"in ([\d.]+) s \(([\d.]+) s CPU\)", out).groups()
    return float(took), float(cpu)


def run_target(args, target):
    target.start()
    results = []
    try:
        found = target.manage("shell", code=SETUP)
        ids = re.search(r"IDS ([\d,]+)", found).group(1)
        article = re.search(r"URL (\S+)", found).group(1)
        interval, segment = map(int, re.search(r"FLUSH (\d+) (\d+)", found).groups())
        flush(target)
        print(
            f"\n{target.describe}; wrk -t2 -c{args.connections} -d{args.seconds}s per rate; "
            f"{os.cpu_count()} cores shared with other work"
        )
        cpu_label = "cpu µs/hit " + ("app+nginx+flush" if target.nginx_pids() else "app+flush")
        print(f"{'target':>7} {'sent/s':>8} {'sent':>8} {'counted':>8} {'lost':>5} {'errors':>6} "
              f"{'flush s':>8} {cpu_label:>20} {'load':>5}")  # fmt: skip
        for rate in [0 if r == "max" else int(r) for r in args.rates.split(",")]:
            lua = beacon_script(ids, rate, args.connections)
            before_views = views(target)
            before_app, before_nginx = cpu_seconds(target.pids()), cpu_seconds(target.nginx_pids())
            sent, achieved, errors = run_wrk(
                target.origin + "/_/hit", args.seconds, args.connections, lua
            )
            app = cpu_seconds(target.pids()) - before_app
            front = cpu_seconds(target.nginx_pids()) - before_nginx
            took, flush_cpu = flush(target)
            counted = views(target) - before_views
            load = os.getloadavg()[0]
            row = {
                "rate": rate, "achieved": achieved, "sent": sent, "counted": counted,
                # wrk leaves up to one request per connection in flight at the end: the
                # server counts those too, so counted may pass sent by that much.
                "lost": max(0, sent - errors - counted), "errors": errors, "flush": took,
                "cpu_us": 1e6 * app / max(sent, 1), "nginx_us": 1e6 * front / max(sent, 1),
                "flush_us": 1e6 * flush_cpu / max(sent, 1), "load": load,
            }  # fmt: skip
            results.append(row)
            cpu = (
                f"{row['cpu_us']:.0f}"
                + (f"+{row['nginx_us']:.0f}" if target.nginx_pids() else "")
                + f"+{row['flush_us']:.0f}"
            )
            print(
                f"{rate or 'max':>7} {achieved:>8.0f} {sent:>8} {counted:>8} {row['lost']:>5} "
                f"{errors:>6} {took:>8.2f} {cpu:>20} {load:>5.1f}",
                flush=True,
            )
            os.unlink(lua)
        # wrk paces by a delay after each answer, so a round may fall short of its target
        # when answers slow down: what counts is the rate achieved with nothing lost.
        good = [r for r in results if r["lost"] == 0 and r["errors"] == 0]
        best = max((r["achieved"] for r in good), default=0)
        flush_s = max((r["flush"] for r in results), default=0)
        flush_cpu_us = max((r["flush_us"] for r in results if r["sent"] > 1000), default=0)
        pages = [
            page_throughput(args, target, ids, article, min(best, int(rate)) if best else int(rate))
            for rate in args.page_beacon_rates.split(",")
        ]
    finally:
        target.stop()
    return {
        "best": best,
        "flush": flush_s,
        "flush_cpu_us": flush_cpu_us,
        "interval": interval,
        # The file buffer's flush takes segments two slots old, nginx's log files one
        # ten-second slot old; Redis's, the current hash.
        "segment": getattr(target, "slot_seconds", 0 if target.kind == "redis" else segment),
        "pages": pages,
    }


def page_throughput(args, target, ids, article, rate):
    """An article page's req/s alone, while beacons arrive at `rate`, and alone again: the
    two alone runs bracket the one under load, so a change in what else the machine runs
    shows as a difference between them."""
    url = target.origin + article
    run_wrk(url, 2, args.page_connections)  # warm: the page cache's copy or page file
    before = run_wrk(url, args.seconds, args.page_connections)
    lua = beacon_script(ids, rate, args.connections)
    before_views = views(target)
    beacons = subprocess.Popen(
        wrk_command(target.origin + "/_/hit", args.seconds + 2, args.connections, lua),
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1)  # the beacon load is running before the pages are measured
    together = run_wrk(url, args.seconds, args.page_connections)
    out, _ = beacons.communicate(timeout=args.seconds + 60)
    os.unlink(lua)
    after = run_wrk(url, args.seconds, args.page_connections)
    sent, achieved, errors = parse_wrk(out)
    flush(target)
    counted = views(target) - before_views
    lost = max(0, sent - errors - counted)
    alone = (before[1] + after[1]) / 2
    ratio = together[1] / alone if alone else 0
    print(
        f"article page {article} (wrk -c{args.page_connections} -d{args.seconds}s): "
        f"{before[1]:,.0f} req/s alone, {together[1]:,.0f} while beacons arrive at "
        f"{achieved:,.0f}/s (asked {rate:,.0f}), {after[1]:,.0f} alone again: "
        f"{ratio:.0%} of alone; page errors {before[2]}/{together[2]}/{after[2]}; "
        f"beacons sent {sent}, lost {lost}, errors {errors}; load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return {
        "rate": achieved,
        "alone": alone,
        "together": together[1],
        "ratio": ratio,
        "lost": lost,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rates", default="1000,2500,5000,7500,10000,max", help="hits/s; max: unpaced"
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--page-connections", type=int, default=32)
    parser.add_argument(
        "--page-beacon-rates",
        default="1000,5000",
        help="the beacon rates (each at most the highest with zero loss) while article "
        "pages are measured, one run of three each",
    )
    parser.add_argument(
        "--topologies",
        default="run,nginx",
        help="run: make run's server; nginx: the production topology (make serve-prod)",
    )
    parser.add_argument(
        "--buffers",
        default="file,redis",
        help="for `run`: file, the embedded default; redis, the same server with "
        "ANALYTICS_REDIS_URL (production always uses Redis)",
    )
    args = parser.parse_args()
    targets = []
    for topology in args.topologies.split(","):
        if topology == "run":
            targets += [RunTarget(kind) for kind in args.buffers.split(",")]
        elif topology == "nginx":
            if not Path(NGINX).exists():
                sys.exit("the nginx topology needs nginx: apt-get install nginx-light")
            targets.append(NginxTarget())
        else:
            sys.exit(f"unknown topology {topology!r}: run or nginx")
    summary = {target.name: run_target(args, target) for target in targets}
    print("\nsummary (target ≥ 5,000 hits/s with zero loss; article pages unchanged):")
    for name, found in summary.items():
        lag = 2 * found["segment"] + found["interval"] + found["flush"]
        print(
            f"  {name}: highest sustained rate with zero loss {found['best']:,.0f} hits/s; "
            f"flush ≤ {found['flush']:.2f} s ({found['flush_cpu_us']:.0f} µs CPU per hit), so a hit is counted within {lag:.0f} s "
            f"(ANALYTICS_FLUSH_INTERVAL {found['interval']} s"
            + (f" + two {found['segment']} s slots" if found["segment"] else "")
            + "); article page's req/s while beacons arrive, as a share of alone: "
            + ", ".join(
                f"{pages['ratio']:.0%} at {pages['rate']:,.0f}/s ({pages['together']:,.0f} vs "
                f"{pages['alone']:,.0f}, {pages['lost']} lost)"
                for pages in found["pages"]
            )
        )
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
