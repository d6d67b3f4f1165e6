"""Profile the uncached render of the article, home and section pages, as production
renders them: production settings, page cache off, fragments and objects in Redis with
each process's local copies warm — the "app uncached" row of bench/traffic.py, without
HTTP. Requests go through the whole WSGI application (every middleware).

    .venv/bin/python bench/profile_render.py [--requests 300] [--pages article,home,section]
                                             [--profile] (cProfile text under docs/perf/)
                                             [--loop article] (render forever: for py-spy)

Prints each page's server CPU per request (time.process_time over --requests requests,
after warm-up), and with --profile writes docs/perf/<page>.txt (top functions by own and
cumulative time). A flame graph: `py-spy record -o docs/perf/article.svg -- .venv/bin/python
bench/profile_render.py --loop article`.

Environment: DATABASE_URL (default: this tree's db.sqlite3, `make run`'s demo),
PROFILE_REDIS_URL (default redis://127.0.0.1:6379/0; keys are prefixed per run and
deleted afterwards), MEDIA_ROOT (default: this tree's media/).
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PREFIX = f"masthead-profile-{os.getpid()}"


def setup():
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "SITE_URL": "http://127.0.0.1",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PAGE_CACHE_ENABLED": "false",
            "REDIS_URL": os.environ.get("PROFILE_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "media"))
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "staticfiles"))  # make run collects here
    # Keys of our own, so a shared Redis database is not disturbed.
    import config.settings.production as production

    for alias in production.CACHES.values():
        alias["KEY_PREFIX"] = f"{PREFIX}-{alias.get('KEY_PREFIX', '')}"
    from config.wsgi import application

    return application


def request(application, path):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    status = []
    body = b"".join(application(environ, lambda s, h, e=None: status.append(s)))
    assert status[0].startswith("200"), (path, status)
    return body


def find_pages(application):
    home = request(application, "/").decode()
    section = re.search(r'<nav[^>]*aria-label="Sections".*?href="(/[^"]+/)"', home, re.S).group(1)
    section_html = request(application, section).decode()
    article = re.search(rf'href="({re.escape(section)}[^"/]+/)"', section_html).group(1)
    return {"home": "/", "article": article, "section": section}


ROUND_TRIPS = [0]


def count_round_trips():
    """Count the commands sent to Redis (each one round trip; a get_many is one)."""
    import redis

    send = redis.Redis.execute_command

    def counted(self, *args, **options):
        ROUND_TRIPS[0] += 1
        return send(self, *args, **options)

    redis.Redis.execute_command = counted


def cpu_per_request(application, path, n):
    samples = []
    trips = ROUND_TRIPS[0]
    for _ in range(n):
        started = time.process_time()
        request(application, path)
        samples.append((time.process_time() - started) * 1000)
    return statistics.mean(samples), statistics.median(samples), (ROUND_TRIPS[0] - trips) / n


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--pages", default="article,home,section")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--loop", help="render this page forever (for py-spy)")
    args = parser.parse_args()
    application = setup()
    count_round_trips()
    import gc

    try:
        pages = find_pages(application)
        for path in pages.values():
            for _ in range(20):  # warm: fragments, local copies, renditions
                request(application, path)
        gc.collect()
        gc.freeze()  # as a pre-forked server after start-up
        if args.loop:
            while True:
                request(application, pages[args.loop])
        print(f"load average {os.getloadavg()[0]:.2f}; {args.requests} requests per page")
        for name in args.pages.split(","):
            mean, median, trips = cpu_per_request(application, pages[name], args.requests)
            print(
                f"  {name:8} {pages[name][:50]:50} CPU per request: mean {mean:.2f} ms, "
                f"median {median:.2f} ms; Redis round trips per request {trips:.1f}"
            )
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.requests):
                    request(application, pages[name])
                profiler.disable()
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out)
                out.write(f"# {name} ({pages[name]}), {args.requests} uncached requests\n")
                stats.sort_stats("tottime").print_stats(40)
                stats.sort_stats("cumulative").print_stats(60)
                target = ROOT / "docs" / "perf" / f"{name}.txt"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(out.getvalue().replace(str(ROOT), "."))
                print(f"    profile: {target.relative_to(ROOT)}")
    finally:
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        for key in client.scan_iter(f"{PREFIX}*"):
            client.delete(key)


if __name__ == "__main__":
    main()
