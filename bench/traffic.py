"""Breaking-news traffic: wrk against the production topology on 127.0.0.1.

Builds a fresh PostgreSQL demo archive of 10,000 articles, starts the stack of
tools/serve_prod.py (nginx micro-cache → gunicorn, production settings, Redis page
cache) plus a second gunicorn with the page cache off, and measures with wrk
(2 threads, 32 connections, 10 s each) for home, one article, a section and the RSS feed:

  app uncached   gunicorn, page cache off: every request renders
  app cached     gunicorn with the app's own page cache (FastPath hits)
  behind nginx   nginx with its one-second micro-cache in front of the cached app
  static         nginx serving a static copy of the same article: the ceiling

then a 60 s burst at 200 connections on the article through nginx, which must see no
errors. Everything binds and targets 127.0.0.1 only and stops by itself.

    .venv/bin/python bench/traffic.py [--articles 10000] [--seconds 10] [--burst 60]

Needs Debian's nginx and wrk (installed with apt-get when missing and running as root).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.serve_prod import Stack  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_TRAFFIC_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/masthead_bench_traffic"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
NGINX_PORT, APP_PORT, UNCACHED_PORT = 8290, 8291, 8292


def ensure_tools():
    missing = [
        name
        for name in ("nginx", "wrk")
        if not shutil.which(name) and not Path(f"/usr/sbin/{name}").exists()
    ]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "nginx-light", "wrk"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        missing = [
            name
            for name in ("nginx", "wrk")
            if not shutil.which(name) and not Path(f"/usr/sbin/{name}").exists()
        ]
    if missing:
        sys.exit(f"bench/traffic.py needs {', '.join(missing)} (apt-get install nginx-light wrk)")


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return response.status, response.read()


def wrk(url, seconds, connections=32, threads=2):
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(map(int, socket.groups())) if socket else 0
    )
    return {"rps": rps, "p50_ms": latency("50%"), "p99_ms": latency("99%"), "errors": errors}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--burst", type=int, default=60)
    args = parser.parse_args()
    ensure_tools()
    started = time.time()
    run_dir = Path(tempfile.mkdtemp(prefix="masthead-traffic-"))
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    # A fresh archive each run: its pictures live in this run's directory.
    name = DATABASE_URL.rsplit("/", 1)[1]
    assert "bench" in name, "the traffic bench drops its database; its name must contain 'bench'"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)

    cached = Stack(
        run_dir / "cached",
        port=NGINX_PORT,
        app_port=APP_PORT,
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
    )
    print(
        f"building the archive: load_demo --articles {args.articles} on {DATABASE_URL} …",
        flush=True,
    )
    cached.prepare(articles=args.articles)
    uncached = Stack(
        run_dir / "uncached",
        port=NGINX_PORT,
        app_port=UNCACHED_PORT,
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
        page_cache=False,
        media_root=cached.media_root,
    )
    uncached.run.mkdir(parents=True, exist_ok=True)
    uncached.secret_key = cached.secret_key
    (uncached.run / "static").symlink_to(cached.run / "static")
    results, burst = {}, None
    try:
        cached.start(nginx=True, worker=False)
        uncached.start(nginx=False, worker=False)
        base = f"http://127.0.0.1:{APP_PORT}"
        _, home = fetch(base + "/")
        section = (
            re.search(rb'<nav[^>]*aria-label="Sections".*?href="(/[^"]+/)"', home, re.S)
            .group(1)
            .decode()
        )
        _, section_html = fetch(base + section)
        article = (
            re.search(rf'href="({re.escape(section)}[^"/]+/)"'.encode(), section_html)
            .group(1)
            .decode()
        )
        urls = {"home": "/", "article": article, "section": section}
        status, _ = (
            fetch(base + "/feeds/rss.xml") if _exists(base + "/feeds/rss.xml") else (404, b"")
        )
        if status == 200:
            urls["rss"] = "/feeds/rss.xml"
        _, article_html = fetch(base + article)
        (cached.run / "ceiling.html").write_bytes(article_html)

        modes = {
            "app uncached": f"http://127.0.0.1:{UNCACHED_PORT}",
            "app cached": base,
            "behind nginx": f"http://127.0.0.1:{NGINX_PORT}",
        }
        for mode, origin in modes.items():
            for name, path in urls.items():
                fetch(origin + path)  # warm: renditions, page cache, micro-cache
                results[(mode, name)] = wrk(origin + path, args.seconds)
                print(f"  {mode:13} {name:8} {results[(mode, name)]}", flush=True)
        results[("static", "article")] = wrk(
            f"http://127.0.0.1:{NGINX_PORT}/ceiling.html", args.seconds
        )
        print(f"  {'static':13} {'article':8} {results[('static', 'article')]}", flush=True)
        if args.burst:
            burst = wrk(f"http://127.0.0.1:{NGINX_PORT}{article}", args.burst, connections=200)
    finally:
        cached.stop()
        uncached.stop()
        shutil.rmtree(run_dir, ignore_errors=True)

    ceiling = results[("static", "article")]["rps"]
    print()
    print(
        f"Breaking-news traffic, {args.articles:,} demo articles on PostgreSQL, Redis page cache, "
        f"{os.cpu_count()} CPUs; wrk -t2 -c32 -d{args.seconds}s per row, all on 127.0.0.1"
    )
    print()
    print("| mode          | page     |   req/s | p50 ms | p99 ms | errors | vs static |")
    print("|---------------|----------|---------|--------|--------|--------|-----------|")
    for (mode, name), r in results.items():
        ratio = f"{r['rps'] / ceiling:8.1%}" if name == "article" else "         "
        print(
            f"| {mode:13} | {name:8} | {r['rps']:7.0f} | {r['p50_ms'] or 0:6.2f} | {r['p99_ms'] or 0:6.2f} "
            f"| {r['errors']:6d} | {ratio}  |"
        )
    if burst:
        print(
            f"\nburst: {args.burst} s at 200 connections on the article behind nginx: "
            f"{burst['rps']:.0f} req/s, p99 {burst['p99_ms']:.1f} ms, {burst['errors']} errors"
        )
    nginx_ratio = results[("behind nginx", "article")]["rps"] / ceiling
    print(
        "\ntargets: behind nginx >= 80% of static ({:.0%}); app cached article >= 3,000 req/s ({:.0f}); "
        "uncached article faster than Ghost's 150 req/s ({:.0f}); burst errors 0 ({})".format(
            nginx_ratio,
            results[("app cached", "article")]["rps"],
            results[("app uncached", "article")]["rps"],
            burst["errors"] if burst else "not run",
        )
    )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "traffic.json").write_text(
        json.dumps({f"{m}/{n}": r for (m, n), r in results.items()} | {"burst": burst}, indent=2)
    )
    print(f"whole run: {time.time() - started:.0f} s; figures saved to bench/out/traffic.json")


def _exists(url):
    try:
        fetch(url)
        return True
    except OSError:
        return False


if __name__ == "__main__":
    main()
