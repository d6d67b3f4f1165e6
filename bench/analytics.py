"""The view beacon at rising rates through `make run`'s server: zero loss, flush lag, CPU.

`manage.py serve --no-worker` with config.settings.embedded, as `make run` starts it
(granian, one process per core, SQLite, the file buffer under the data directory; the
task workers are left out so that this script runs the flush itself and times it). For
each target rate, wrk (a Lua script: POSTs as sendBeacon sends them, a browser's user
agent, five articles in turn, a per-connection delay that paces the rate) drives
`/_/hit` for SECONDS; then `manage.py flush_analytics --all` counts the buffer. A round
prints:

  target/sent     the rate asked and the rate wrk achieved (requests/s)
  sent/counted    the beacons wrk got a 204 for, and the views the flush added (up to
                  one more per connection: wrk does not report the requests in flight
                  when it stops, the server counts them)
  lost            sent − counted when positive (must be 0), and wrk's errors
  flush           how long the flush took to count the round's hits (inside
                  `manage.py flush_analytics`; a view waits for it on top of up to two
                  ANALYTICS_SEGMENT_SECONDS and the ANALYTICS_FLUSH_INTERVAL)
  cpu/hit         the server processes' CPU (user + system, /proc) per beacon
  load            the 1-minute load average (the machine's 2 cores are shared)

The summary gives the highest rate achieved with zero loss and no error (wrk paces by a
delay after each answer, so a loaded machine falls short of a target; "max" is unpaced).
Target: ≥ 5,000 hits/s.

    .venv/bin/python bench/analytics.py [--rates 1000,2500,5000,7500,10000] [--seconds 10]
                                        [--buffers file,redis]

Each buffer gets its rounds: the file buffer (the embedded default) and the same server
with ANALYTICS_REDIS_URL (BENCH_ANALYTICS_REDIS_URL, default redis://127.0.0.1:6379/5).
The production topology (nginx in front, tools/serve_prod.py) is not driven here yet.

Data lives in .cache/bench-analytics (a small newsroom, built once). Binds 127.0.0.1:8182.
"""

import argparse
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.traffic import cpu_seconds  # noqa: E402

PORT = 8182
DATA = ROOT / ".cache" / "bench-analytics"
REDIS_URL = os.environ.get("BENCH_ANALYTICS_REDIS_URL", "redis://127.0.0.1:6379/5")
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

LUA = """
local ids = {%(ids)s}
local n = 0
local pause = %(pause)s
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["User-Agent"] = "%(ua)s"
request = function()
  n = n + 1
  local body = "a=" .. ids[(n %% #ids) + 1] .. "&w=1280&r=search.example&u=bench"
  return wrk.format(nil, "/_/hit", nil, body)
end
delay = function()
  return pause
end
"""

SETUP = """
from masthead.articles.models import ArticlePage
if not ArticlePage.objects.exists():
    from masthead.pages.tests.factories import build_newsroom
    build_newsroom(sections=1, articles_per_section=5, authors=1)
print("IDS", ",".join(str(pk) for pk in ArticlePage.objects.order_by("pk").values_list("pk", flat=True)[:5]))
"""

COUNT = """
from django.db.models import Sum
from masthead.analytics.models import ArticleHour
print("VIEWS", ArticleHour.objects.aggregate(v=Sum("views"))["v"] or 0)
"""


def env(redis_url=""):
    DATA.mkdir(parents=True, exist_ok=True)
    key = DATA / "secret_key"
    if not key.exists():
        key.write_text(secrets.token_urlsafe(64))
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "SITE_", "DJANGO_", "ANALYTICS_"))
    }
    return (
        base
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
            "SECRET_KEY": key.read_text().strip(),
            "DATABASE_URL": f"sqlite:///{DATA / 'db.sqlite3'}",
            "MEDIA_ROOT": str(DATA / "media"),
            "STATIC_ROOT": str(DATA / "static"),
            "PAGE_CACHE_DIR": str(DATA / "pages"),
            "SHARED_CACHE_DIR": str(DATA / "shared"),
            "ANALYTICS_BUFFER_DIR": str(DATA / "buffer"),
            "PORT": str(PORT),
            "NARRATION_AUTO": "false",
        }
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


def views(environment):
    return int(re.search(r"VIEWS (\d+)", manage(environment, "shell", code=COUNT)).group(1))


def wait_for_port(timeout=60):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not listen on 127.0.0.1:{PORT}")


def run_wrk(lua_path, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(lua_path),
         f"http://127.0.0.1:{PORT}/_/hit"],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rates", default="1000,2500,5000,7500,10000,max", help="hits/s; max: unpaced"
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--buffers",
        default="file,redis",
        help="file: the embedded default; redis: the same server with ANALYTICS_REDIS_URL",
    )
    args = parser.parse_args()
    best = {}
    for kind in args.buffers.split(","):
        best[kind] = run_buffer(args, env(REDIS_URL if kind == "redis" else ""), kind)
    print(
        "highest sustained rate with zero loss: "
        + ", ".join(f"{kind} buffer {rate:,.0f} hits/s" for kind, rate in best.items())
        + f" (target ≥ 5,000); load average at the end {os.getloadavg()[0]:.1f}"
    )


def run_buffer(args, environment, kind):
    manage(environment, "migrate", "--noinput", "-v", "0")
    manage(environment, "collectstatic", "--noinput", "-v", "0")
    ids = re.search(r"IDS ([\d,]+)", manage(environment, "shell", code=SETUP)).group(1)
    manage(environment, "flush_analytics", "--all")
    log = open(DATA / "serve.log", "w")  # noqa: SIM115 - closed at the end
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--no-worker", "--port", str(PORT)],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    results = []
    try:
        wait_for_port()
        print(
            f"make run's server (granian, embedded settings, {kind} buffer) on 127.0.0.1:{PORT};"
            f" wrk -t2 -c{args.connections} -d{args.seconds}s per rate; "
            f"{os.cpu_count()} cores shared with other work"
        )
        print(f"{'target':>7} {'sent/s':>8} {'sent':>8} {'counted':>8} {'lost':>5} {'errors':>6} "
              f"{'flush s':>8} {'cpu µs/hit':>10} {'load':>5}")  # fmt: skip
        for rate in [0 if r == "max" else int(r) for r in args.rates.split(",")]:
            pause = max(0, round(args.connections * 1000 / rate)) if rate else 0
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
                lua.write(LUA % {"ids": ids, "pause": pause, "ua": UA})
            before_views = views(environment)
            before_cpu = cpu_seconds([server.pid])
            sent, achieved, errors = run_wrk(lua.name, args.seconds, args.connections)
            spent = cpu_seconds([server.pid]) - before_cpu
            out = manage(environment, "flush_analytics", "--all")
            flush = float(re.search(r"in ([\d.]+) s", out).group(1))
            counted = views(environment) - before_views
            load = os.getloadavg()[0]
            row = {
                "rate": rate, "achieved": achieved, "sent": sent, "counted": counted,
                # wrk leaves up to one request per connection in flight at the end: the
                # server counts those too, so counted may pass sent by that much.
                "lost": max(0, sent - errors - counted), "errors": errors, "flush": flush,
                "cpu_us": 1e6 * spent / max(sent, 1), "load": load,
            }  # fmt: skip
            results.append(row)
            print(
                f"{rate or 'max':>7} {achieved:>8.0f} {sent:>8} {counted:>8} {row['lost']:>5} {errors:>6} "
                f"{flush:>8.2f} {row['cpu_us']:>10.0f} {load:>5.1f}",
                flush=True,
            )
            os.unlink(lua.name)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    # wrk paces by a delay after each answer, so a round may fall short of its target
    # when answers slow down: what counts is the rate achieved with nothing lost.
    good = [r for r in results if r["lost"] == 0 and r["errors"] == 0]
    return max((r["achieved"] for r in good), default=0)


if __name__ == "__main__":
    main()
