"""Breaking-news traffic: wrk against the production topology on 127.0.0.1.

Builds a fresh PostgreSQL demo archive of 10,000 articles, starts the stack of
tools/serve_prod.py (nginx micro-cache → granian, production settings, Redis page
cache) plus a second app server with the page cache off, and measures with wrk
(2 threads, 32 connections, 10 s each) for home, one article, a section and the RSS feed:

  app uncached   the app server, page cache off: every request renders (fragments and
                 objects cached inside the render, core/fragments.py, as in production)
  app cached     the app server with its own page cache (FastPath hits)
  behind nginx   deploy's nginx: the page file the app wrote (HTML pages), else its
                 micro-cache in front of the cached app (the RSS feed)
  static         the ceiling: a separate nginx with the same worker count and file
                 settings serving the same bytes (and .gz/.br copies) as a plain file

Each row also gives the app server's (or nginx's) CPU time per request, read from /proc:
unlike req/s it hardly moves when other programs share the machine. wrk runs on the same
cores, so its own CPU per request is given too: it is the same for a page behind nginx and
for its static copy, and it is why req/s ratios sit closer to 1 than nginx's CPU ratios.
Each page's "behind nginx" and "static" rows run back to back, so both see the same load
from anything else on the machine; --rounds N (default 3) repeats the pair, prints every
round with the load average, shows each row's median run and gives as ratio the median of
the pairs' ratios. BENCH_TRAFFIC_PORTS (default 8290) is the first of the eight ports it
uses; BENCH_REDIS_URL and BENCH_TRAFFIC_DATABASE_URL choose its Redis and database.

Then the article's uncached latency one request at a time (wrk -c1) on a 100,000-article
archive (BENCH_100K_DATABASE_URL, kept between runs and topped up by load_demo, so only the
first run pays for building it), and a 60 s burst at 200 connections on the article through
nginx, which must see no errors. Everything binds and targets 127.0.0.1 only and stops by
itself (Ctrl-C or SIGTERM stop the servers too).

    .venv/bin/python bench/traffic.py [--articles 10000] [--seconds 10] [--burst 60]
                                      [--large 100000] (0 skips the 100k latency run)
                                      [--reuse] (keep an existing archive, and its pictures in BENCH_TRAFFIC_MEDIA_ROOT)
                                      [--nginx-only] (only the behind-nginx and static rows)
                                      [--rounds 3] (repeat each nginx/static pair, print each)

Needs Debian's nginx and wrk (installed with apt-get when missing and running as root).
"""

import argparse
import getpass
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.serve_prod import BROTLI_MODULE, NGINX, Stack  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_TRAFFIC_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/masthead_bench_traffic"
)
LARGE_DATABASE_URL = os.environ.get(
    "BENCH_100K_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/masthead_bench_100k"
)
# The 10k archive's pictures live beside its database, so --reuse finds them.
MEDIA_ROOT = os.environ.get(
    "BENCH_TRAFFIC_MEDIA_ROOT", str(ROOT / ".cache" / "bench-traffic" / "media")
)
LARGE_MEDIA_ROOT = os.environ.get(
    "BENCH_100K_MEDIA_ROOT", str(ROOT / ".cache" / "bench-100k" / "media")
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
# Ten ports from BENCH_TRAFFIC_PORTS (default 8290): nginx, the cached and uncached app
# servers, the 100k one, a news feed stream per stack, and the static ceiling's nginx.
_BASE = int(os.environ.get("BENCH_TRAFFIC_PORTS", "8290"))
NGINX_PORT, APP_PORT, UNCACHED_PORT, LARGE_PORT = _BASE, _BASE + 1, _BASE + 2, _BASE + 3
# each stack also starts the news feed's stream process
STREAM_PORTS = {"cached": _BASE + 4, "uncached": _BASE + 5, "large": _BASE + 6}
CEILING_PORT = _BASE + 7
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def ensure_tools():
    missing = [
        name
        for name in ("nginx", "wrk")
        if not shutil.which(name) and not Path(f"/usr/sbin/{name}").exists()
    ]
    if (
        (missing or not Path(BROTLI_MODULE).exists())
        and os.geteuid() == 0
        and shutil.which("apt-get")
    ):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            [
                "apt-get",
                "install",
                "-y",
                "-q",
                "nginx-light",
                "libnginx-mod-http-brotli-static",
                "wrk",
            ],
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
    # A first render on a fresh archive makes its image renditions: minutes on a busy machine.
    with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310 - loopback only
        return response.status, response.read()


def process_tree(pid):
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            for child in children:
                pids += process_tree(int(child))
    except OSError:
        pass
    return pids


def cpu_seconds(pids):
    """User + system CPU of these processes and all their descendants."""
    total = 0
    for root in pids:
        for pid in set(process_tree(root)):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def wrk(url, seconds, connections=32, threads=2, servers=()):
    """wrk's figures, plus the CPU the `servers` (pids) and wrk itself spent per request."""
    before = cpu_seconds(servers)
    wrk_before = _children_cpu()
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    spent = cpu_seconds(servers) - before
    wrk_spent = _children_cpu() - wrk_before

    def latency(label):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(map(int, socket.groups())) if socket else 0
    )
    return {
        "rps": rps,
        "p50_ms": latency("50%"),
        "p99_ms": latency("99%"),
        "errors": errors,
        "requests": requests,
        "cpu_ms_per_request": round(1000 * spent / requests, 4) if servers and requests else None,
        "wrk_cpu_ms_per_request": round(1000 * wrk_spent / requests, 4) if requests else None,
    }


def _children_cpu():
    """User + system CPU of this process's finished children (wrk, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def vs_static(results, mode, page):
    """req/s as a share of the static copy's (for nginx: the median of its pairs' ratios)."""
    row = results[(mode, page)]
    return row.get("vs_static", row["rps"] / results[("static", page)]["rps"])


def median_run(runs):
    """The run with the median req/s (the lower middle one for an even count)."""
    return sorted(runs, key=lambda run: run["rps"])[(len(runs) - 1) // 2]


CEILING_CONF = """
@@LOAD_MODULES@@
user @@USER@@;
worker_processes auto;
worker_rlimit_nofile 16384;
pid @@RUN@@/nginx.pid;
error_log @@RUN@@/nginx-error.log warn;
daemon off;
events {
    worker_connections 4096;
}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=4096 inactive=20s;
    open_file_cache_valid 1s;
    keepalive_timeout 30;
    keepalive_requests 100000;
    client_body_temp_path @@RUN@@/client_body;
    proxy_temp_path @@RUN@@/proxy_temp;
    fastcgi_temp_path @@RUN@@/fastcgi_temp;
    uwsgi_temp_path @@RUN@@/uwsgi_temp;
    scgi_temp_path @@RUN@@/scgi_temp;
    gzip on;
    gzip_comp_level 5;
    gzip_min_length 512;
    gzip_vary on;
    server {
        listen 127.0.0.1:@@PORT@@;
        root @@RUN@@/files;
        charset utf-8;
        gzip_static on;
        @@BROTLI_STATIC@@
    }
}
"""


def start_ceiling(run, port):
    """The static ceiling: a separate nginx with the same worker count and file settings
    (sendfile, open_file_cache, gzip_static, brotli_static, charset) as deploy's, serving
    plain files at the pages' own paths (ceiling_path_of), with their .gz and .br copies, no
    maps, no extra headers."""
    run.mkdir(parents=True, exist_ok=True)
    for name in ("files", "client_body", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"):
        (run / name).mkdir(exist_ok=True)
    brotli = Path(BROTLI_MODULE).exists()
    conf = CEILING_CONF
    for key, value in {
        "LOAD_MODULES": f"load_module {BROTLI_MODULE};" if brotli else "",
        "BROTLI_STATIC": "brotli_static on;" if brotli else "",
        "RUN": str(run),
        "PORT": str(port),
        "USER": getpass.getuser(),
    }.items():
        conf = conf.replace(f"@@{key}@@", value)
    (run / "nginx.conf").write_text(conf)
    process = subprocess.Popen([NGINX, "-c", str(run / "nginx.conf"), "-p", str(run)])  # noqa: S603
    deadline = time.time() + 10
    while not _exists(f"http://127.0.0.1:{port}/ping.html"):
        (run / "files" / "ping.html").write_text("ok")
        if time.time() > deadline or process.poll() is not None:
            process.terminate()
            raise RuntimeError((run / "nginx-error.log").read_text()[-2000:])
        time.sleep(0.1)
    return process


def ceiling_path_of(path):
    """Where the static ceiling serves the copy of `path`: the same path, with ".html"
    for a path ending in "/" (the home page: "/index.html")."""
    if path == "/":
        return "/index.html"
    return path[:-1] + ".html" if path.endswith("/") else path


def page_file_of(stack, host, path):
    """The page file the app wrote for `path` (and its .gz, .br), or None."""
    found = list((stack.run / "pages").glob(f"*/http/{host}{path}.page.html"))
    return found[0] if found else None


PAGES = ("home", "article", "section", "rss")
MODES = ("app uncached", "app cached", "behind nginx", "static")


def pids_of(stack, name):
    return [p.pid for p in stack.processes if Path(str(p.args[0])).name == name]


def find_urls(base):
    _, home = fetch(base + "/")
    section = (
        re.search(rb'<nav[^>]*aria-label="Sections".*?href="(/[^"]+/)"', home, re.S)
        .group(1)
        .decode()
    )
    _, section_html = fetch(base + section)
    article = (
        re.search(rf'href="({re.escape(section)}[^"/]+/)"'.encode(), section_html).group(1).decode()
    )
    urls = {"home": "/", "article": article, "section": section}
    if _exists(base + "/feeds/rss.xml"):
        urls["rss"] = "/feeds/rss.xml"
    return urls


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--burst", type=int, default=60)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the 10k database if it exists (load_demo only tops it up) and its "
        "pictures (BENCH_TRAFFIC_MEDIA_ROOT, default .cache/bench-traffic/media)",
    )
    parser.add_argument(
        "--nginx-only",
        action="store_true",
        help="measure only the behind-nginx and static rows (no app rows, burst or 100k run)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="run each page's nginx/static pair this many times (every round is printed)",
    )
    args = parser.parse_args()
    if args.nginx_only:
        args.burst = args.large = 0
    ensure_tools()
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.time()
    load = os.getloadavg()
    run_dir = Path(tempfile.mkdtemp(prefix="masthead-traffic-"))
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    # A fresh archive each run, unless --reuse: its database and its pictures.
    name = DATABASE_URL.rsplit("/", 1)[1]
    assert "bench" in name, "the traffic bench drops its database; its name must contain 'bench'"
    if not args.reuse:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True
        )
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    Path(MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    cached = Stack(
        run_dir / "cached",
        port=NGINX_PORT,
        app_port=APP_PORT,
        stream_port=STREAM_PORTS["cached"],
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
        media_root=MEDIA_ROOT,
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
        stream_port=STREAM_PORTS["uncached"],
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
        page_cache=False,
        media_root=cached.media_root,
    )
    uncached.run.mkdir(parents=True, exist_ok=True)
    uncached.secret_key = cached.secret_key
    (uncached.run / "static").symlink_to(cached.run / "static")
    stacks = [cached, uncached]
    results, burst, large = {}, None, None
    ceiling = None
    try:
        cached.start(nginx=True, worker=False)
        if not args.nginx_only:
            uncached.start(nginx=False, worker=False)
        base = f"http://127.0.0.1:{APP_PORT}"
        urls = find_urls(base)
        nginx_origin = f"http://127.0.0.1:{NGINX_PORT}"
        ceiling_run = run_dir / "ceiling"
        ceiling = start_ceiling(ceiling_run, CEILING_PORT)
        ceiling_paths = {}
        for page, path in urls.items():
            # Through nginx until the app has written the page file: a first render can
            # race a purge (its own renditions, a first-start task), and then removes
            # the file it wrote; the next render writes it (core/pagecache.py).
            for _attempt in range(5):
                _, body = fetch(nginx_origin + path)
                written = page_file_of(cached, "127.0.0.1", path)
                if written or not path.endswith("/"):
                    break
                time.sleep(1.1)
            # The ceiling: the same bytes (and the same compressed copies) as plain files,
            # at the same path ("/war/x/" as "/war/x.html": a static file cannot end in
            # "/"), so both parse the same request line.
            ceiling_path = ceiling_path_of(path)
            ceiling_paths[page] = ceiling_path
            target = ceiling_run / "files" / ceiling_path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", ".gz", ".br"):
                source = written.with_name(written.name + suffix) if written else None
                if source is not None and source.exists():
                    shutil.copyfile(source, f"{target}{suffix}")
                elif not suffix:
                    target.write_bytes(body)
            print(
                f"  {page}: {path} served by nginx "
                + ("from the page file" if written else "through the app (no page file: not HTML)")
                + f"; the ceiling serves {ceiling_path}",
                flush=True,
            )
        origins = {
            "app uncached": (
                f"http://127.0.0.1:{UNCACHED_PORT}",
                pids_of(uncached, uncached.server),
            ),
            "app cached": (base, pids_of(cached, cached.server)),
        }
        for mode, (origin, servers) in origins.items():
            if args.nginx_only:
                break
            for page, path in urls.items():
                fetch(origin + path)  # warm: renditions, fragments, page cache
                results[(mode, page)] = wrk(origin + path, args.seconds, servers=servers)
                print(f"  {mode:13} {page:8} {results[(mode, page)]}", flush=True)
        # Each page behind nginx and its ceiling back to back, round after round: the same
        # worker count and file settings, the same request headers (wrk's), the same load
        # from whatever else runs meanwhile. Every round is printed.
        nginx_pids = pids_of(cached, "nginx")
        for page, path in urls.items():
            fetch(nginx_origin + path)  # warm: the page file or the micro-cache
            runs = {"behind nginx": [], "static": []}
            for round_number in range(1, args.rounds + 1):
                pair = {}
                for mode, url, pids in (
                    ("behind nginx", nginx_origin + path, nginx_pids),
                    (
                        "static",
                        f"http://127.0.0.1:{CEILING_PORT}{ceiling_paths[page]}",
                        [ceiling.pid],
                    ),
                ):
                    pair[mode] = wrk(url, args.seconds, servers=pids)
                    runs[mode].append(pair[mode])
                n, st = pair["behind nginx"], pair["static"]
                print(
                    f"  round {round_number} {page:8} behind nginx {n['rps']:8.0f} req/s "
                    f"({n['cpu_ms_per_request']} ms nginx CPU/req) | static {st['rps']:8.0f} "
                    f"req/s ({st['cpu_ms_per_request']} ms) | {n['rps'] / st['rps']:6.1%} | "
                    f"load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
            for mode, found in runs.items():
                results[(mode, page)] = median_run(found)
            # Each pair's ratio, then their median: a pair shares the machine's load.
            pairs = list(zip(runs["behind nginx"], runs["static"], strict=True))
            results[("behind nginx", page)] |= {
                "vs_static": statistics.median(n["rps"] / s["rps"] for n, s in pairs),
                "cpu_vs_static": statistics.median(
                    s["cpu_ms_per_request"] / n["cpu_ms_per_request"] for n, s in pairs
                ),
                "rounds": [round(n["rps"] / s["rps"], 4) for n, s in pairs],
            }
        if args.burst:
            burst = wrk(
                f"http://127.0.0.1:{NGINX_PORT}{urls['article']}", args.burst, connections=200
            )
            print(f"  burst {burst}", flush=True)
        cached.stop()
        uncached.stop()
        if args.large:
            large = measure_large(run_dir, args)
    except KeyboardInterrupt:
        print("interrupted: stopping the servers", flush=True)
        raise
    finally:
        for stack in [*stacks, *getattr(measure_large, "stacks", [])]:
            stack.stop()
        if ceiling is not None and ceiling.poll() is None:
            ceiling.terminate()
            ceiling.wait(timeout=10)
        shutil.rmtree(run_dir, ignore_errors=True)
    report(args, results, burst, large, load, started)


def measure_large(run_dir, args):
    """The article's uncached latency on a large archive: one request at a time, then 32."""
    media = Path(LARGE_MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    stack = Stack(
        run_dir / "large",
        port=NGINX_PORT,
        app_port=LARGE_PORT,
        stream_port=STREAM_PORTS["large"],
        database_url=LARGE_DATABASE_URL,
        redis_url=REDIS_URL,
        page_cache=False,
        media_root=str(media),
    )
    measure_large.stacks = [stack]
    print(
        f"the {args.large:,}-article archive on {LARGE_DATABASE_URL} (load_demo tops it up; "
        "the first run takes a while) …",
        flush=True,
    )
    stack.prepare(articles=args.large)
    stack.start(nginx=False, worker=False)
    origin = f"http://127.0.0.1:{LARGE_PORT}"
    article = find_urls(origin)["article"]
    servers = pids_of(stack, stack.server)
    fetch(origin + article)
    single = wrk(origin + article, args.seconds, connections=1, threads=1, servers=servers)
    print(f"  100k article, 1 connection {single}", flush=True)
    many = wrk(origin + article, args.seconds, servers=servers)
    print(f"  100k article, 32 connections {many}", flush=True)
    stack.stop()
    return {"article": article, "single": single, "c32": many}


def report(args, results, burst, large, load, started):
    print()
    print(
        f"Breaking-news traffic, {args.articles:,} demo articles on PostgreSQL, Redis page cache, "
        f"{os.cpu_count()} CPUs; wrk -t2 -c32 -d{args.seconds}s per row (nginx and static: "
        f"median of {args.rounds}, back to back), all on 127.0.0.1; "
        f"load average before the run {load[0]:.2f}, after {os.getloadavg()[0]:.2f}"
    )
    print()
    print(
        "| page     | mode          |   req/s | p50 ms | p99 ms | errors | CPU ms/req "
        "| wrk CPU ms/req | vs static | CPU vs static |"
    )
    print(
        "|----------|---------------|---------|--------|--------|--------|------------"
        "|----------------|-----------|---------------|"
    )
    for page in PAGES:
        ceiling = results.get(("static", page))
        for mode in MODES:
            r = results.get((mode, page))
            if r is None:
                continue
            ratio = f"{vs_static(results, mode, page):9.1%}" if ceiling else "         "
            cpu = r["cpu_ms_per_request"]
            # The ceiling's nginx CPU per request over this row's: 100 % is as cheap as static.
            cpu_ratio = (
                f"{r.get('cpu_vs_static', ceiling['cpu_ms_per_request'] / cpu):13.1%}"
                if mode in ("behind nginx", "static") and ceiling and cpu
                else " " * 13
            )
            print(
                f"| {page:8} | {mode:13} | {r['rps']:7.0f} | {r['p50_ms'] or 0:6.2f} "
                f"| {r['p99_ms'] or 0:6.2f} | {r['errors']:6d} | {cpu if cpu is not None else '':>10} "
                f"| {r.get('wrk_cpu_ms_per_request') or '':>14} | {ratio} | {cpu_ratio} |"
            )
    if large:
        single, many = large["single"], large["c32"]
        print(
            f"\nuncached article on {args.large:,} articles ({large['article']}): one connection "
            f"p50 {single['p50_ms']:.1f} ms, p99 {single['p99_ms']:.1f} ms, {single['rps']:.0f} req/s, "
            f"{single['cpu_ms_per_request']} ms CPU/request; 32 connections {many['rps']:.0f} req/s, "
            f"p50 {many['p50_ms']:.1f} ms, p99 {many['p99_ms']:.1f} ms"
        )
    if burst:
        print(
            f"\nburst: {args.burst} s at 200 connections on the article behind nginx: "
            f"{burst['rps']:.0f} req/s, p99 {burst['p99_ms']:.1f} ms, {burst['errors']} errors"
        )
    article = {mode: results.get((mode, "article"), {}).get("rps", 0) for mode in MODES}
    behind = ", ".join(
        f"{page} {vs_static(results, 'behind nginx', page):.0%}"
        for page in PAGES
        if ("behind nginx", page) in results and ("static", page) in results
    )
    print(
        "\ntargets: behind nginx >= 95% of static ({}); app cached article >= 3,000 req/s "
        "({:.0f}); uncached article p50 <= 25 ms on 100k, one connection ({}); uncached "
        "article faster than Ghost's 150 req/s ({:.0f}); burst errors 0 ({})".format(
            behind,
            article["app cached"],
            f"{large['single']['p50_ms']:.1f} ms" if large else "not run",
            article["app uncached"],
            burst["errors"] if burst else "not run",
        )
    )
    nginx_article = results.get(("behind nginx", "article"))
    uncached_article = results.get(("app uncached", "article"))
    print("\nthe article, in short:")
    if nginx_article and ("static", "article") in results:
        rounds = ", ".join(f"{r:.1%}" for r in nginx_article.get("rounds", []))
        print(
            f"  cached through nginx: {vs_static(results, 'behind nginx', 'article'):.1%} of "
            f"the static ceiling (median of rounds: {rounds}; target >= 95 %)"
        )
    if ("app cached", "article") in results:
        print(f"  app alone, cached: {article['app cached']:.0f} req/s")
    if uncached_article:
        print(
            f"  uncached (fragments warm): {uncached_article['rps']:.0f} req/s, "
            f"{uncached_article['cpu_ms_per_request']} ms server CPU per request (target <= 3 ms)"
        )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "traffic.json").write_text(
        json.dumps(
            {f"{m}/{n}": r for (m, n), r in results.items()} | {"burst": burst, "large": large},
            indent=2,
        )
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
