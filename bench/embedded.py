"""`make run`'s server against the production app server: a cached article, wrk on loopback.

Two servers with the same demo newsroom, measured in turns so both see the same load
from whatever else runs on the machine:

  make run      `manage.py serve` with config.settings.embedded, exactly as `make run`
                starts it: granian (one worker per core, its access log on), the two task
                workers, SQLite, the page cache in files
  production    the app server of the production topology (tools/serve_prod.py's Stack,
                as bench/traffic.py's "app cached" row): granian with production settings,
                PostgreSQL, Redis page cache, no access log

Both answer the article from the page cache (FastPath in config/wsgi.py). Each round runs
`wrk -t2 -c32 -d10s` on each server and prints both rows; the summary gives each one's
median and make run's share of production. Targets: make run >= 80 % of production and
>= 5,000 req/s.

    .venv/bin/python bench/embedded.py [--rounds 3] [--seconds 10]

The make-run newsroom is kept in .cache/bench-embedded (built once: migrate and load_demo
take a few minutes on SQLite); the production one in PostgreSQL
(BENCH_EMBEDDED_DATABASE_URL). Everything binds and targets 127.0.0.1 and stops by itself.
Needs wrk (installed with apt-get when missing and running as root).
"""

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.traffic import fetch, find_urls, pids_of, wrk  # noqa: E402
from tools.serve_prod import Stack, wait_for  # noqa: E402

EMBEDDED_PORT, APP_PORT, STREAM_PORT, NGINX_PORT = 8104, 8105, 8106, 8107
DATA = ROOT / ".cache" / "bench-embedded"
DATABASE_URL = os.environ.get(
    "BENCH_EMBEDDED_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/masthead_bench_embedded",
)
REDIS_URL = os.environ.get("BENCH_EMBEDDED_REDIS_URL", "redis://127.0.0.1:6379/11")


def ensure_wrk():
    if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0:
        return
    if os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    else:
        sys.exit("bench/embedded.py needs wrk (apt-get install wrk)")


def embedded_env(data=DATA, port=EMBEDDED_PORT, drop=()):
    """`make run`'s environment (embedded settings, SQLite and files under `data`),
    without this shell's database, Redis, site or Django settings (nor the prefixes in
    `drop`). bench/analytics.py uses it too."""
    data.mkdir(parents=True, exist_ok=True)
    key = data / "secret_key"
    if not key.exists():
        key.write_text(secrets.token_urlsafe(64))
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DATABASE_", "REDIS_", "SITE_", "DJANGO_", *drop))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
        "SECRET_KEY": key.read_text().strip(),
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
        "MEDIA_ROOT": str(data / "media"),
        "STATIC_ROOT": str(data / "static"),
        "PAGE_CACHE_DIR": str(data / "pages"),
        "SHARED_CACHE_DIR": str(data / "shared"),
        "PORT": str(port),
        "NARRATION_AUTO": "false",
    }


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def start_make_run(env, log):
    """What `make run` runs, minus its narrations (they would compete for the CPU)."""
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo", "--if-empty")
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process):
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def row(name, result):
    return (
        f"  {name:10} {result['rps']:8.0f} req/s  p50 {result['p50_ms'] or 0:6.2f} ms  "
        f"p99 {result['p99_ms'] or 0:6.2f} ms  errors {result['errors']}  "
        f"server CPU {result['cpu_ms_per_request']} ms/req"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    ensure_wrk()
    signal.signal(signal.SIGTERM, _interrupt)
    started, load = time.time(), os.getloadavg()
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    run_dir = Path(tempfile.mkdtemp(prefix="masthead-embedded-"))
    env = embedded_env()
    stack = Stack(
        run_dir / "production",
        port=NGINX_PORT,
        app_port=APP_PORT,
        stream_port=STREAM_PORT,
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
    )
    serve = None
    log = open(run_dir / "make-run.log", "w+")  # noqa: SIM115 - closed below
    runs = {"make run": [], "production": []}
    try:
        print("preparing make run's newsroom (.cache/bench-embedded) …", flush=True)
        serve = start_make_run(env, log)
        print("preparing the production app server (PostgreSQL, Redis) …", flush=True)
        stack.prepare()
        stack.start(nginx=False, worker=False)
        embedded = f"http://127.0.0.1:{EMBEDDED_PORT}"
        wait_for(embedded + "/healthz", timeout=120)
        production = f"http://127.0.0.1:{APP_PORT}"
        article = find_urls(embedded)["article"]
        servers = {
            "make run": (embedded, [serve.pid]),
            "production": (production, pids_of(stack, stack.server)),
        }
        for origin, _ in servers.values():
            fetch(origin + article)  # a miss: renders and stores it
            fetch(origin + article)
        print(f"article {article}; wrk -t2 -c32 -d{args.seconds}s, {args.rounds} rounds")
        for n in range(1, args.rounds + 1):
            for name, (origin, pids) in servers.items():
                result = wrk(origin + article, args.seconds, servers=pids)
                runs[name].append(result)
                print(f"round {n}" + row(name, result), flush=True)
    except KeyboardInterrupt:
        print("interrupted: stopping the servers", flush=True)
        raise
    finally:
        stop(serve)
        stack.stop()
        log.seek(0)
        access_lines = sum(1 for line in log if '"GET ' in line)
        log.close()
    medians = {name: statistics.median(r["rps"] for r in found) for name, found in runs.items()}
    ratios = [
        m["rps"] / p["rps"] for m, p in zip(runs["make run"], runs["production"], strict=True)
    ]
    ratio = statistics.median(ratios)
    print(
        f"\nA cached article, {os.cpu_count()} CPUs, wrk -t2 -c32 -d{args.seconds}s on 127.0.0.1, "
        f"median of {args.rounds} rounds taken in turns; load average before {load[0]:.2f}, "
        f"after {os.getloadavg()[0]:.2f}"
    )
    print("| server     |   req/s | CPU ms/req |")
    print("|------------|---------|------------|")
    for name, found in runs.items():
        cpu = statistics.median(r["cpu_ms_per_request"] for r in found)
        print(f"| {name:10} | {medians[name]:7.0f} | {cpu:10.3f} |")
    print(
        f"\ntargets: make run >= 80% of production ({ratio:.0%}, median of the rounds' "
        f"ratios); make run >= 5,000 req/s ({medians['make run']:.0f}). make run's access log "
        f"wrote {access_lines:,} lines. Whole run {time.time() - started:.0f} s."
    )


if __name__ == "__main__":
    main()
