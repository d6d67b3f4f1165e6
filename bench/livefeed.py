"""Live news feed benchmark: 1,000 open readers, 20 published items.

Starts the production-style stack on 127.0.0.1 (tools/serve_prod.py: nginx → gunicorn for
pages and uvicorn for /live/stream, PostgreSQL, Redis), opens READERS concurrent
server-sent-event streams through nginx from one asyncio client (raw sockets), then
publishes ITEMS items through livefeed.services in a separate `manage.py shell` process,
one every INTERVAL seconds. Each event carries the wall-clock time its change was recorded
(just before commit, same machine), so every reader's delay per item is receipt − record.

Prints: publish-to-visible latency p50/p99/max over every (reader, item) pair, how many
arrived, the server processes' CPU seconds per minute (utime+stime from /proc over the
measurement window: uvicorn, gunicorn and its workers, nginx and its workers) and their
resident memory. The machine is shared: other work running at the same time shows up in
the figures.

    .venv/bin/python bench/livefeed.py [--readers 1000] [--items 20] [--interval 1.0]
"""

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.serve_prod import Stack  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_LIVEFEED_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/masthead_bench_livefeed"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
NGINX_PORT, APP_PORT, STREAM_PORT = 8761, 8762, 8763
CLK_TCK = os.sysconf("SC_CLK_TCK")

PUBLISH = """
import time
from masthead.livefeed import services
for n in range({items}):
    services.do_post_item(headline=f"Bench update {{n + 1}} at {{time.time():.3f}}",
                          body="<p>Two sentences of news. The second one.</p>")
    time.sleep({interval})
"""


def children(pid):
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            for child in map(int, text):
                found += [child, *children(child)]
    except OSError:
        pass
    return found


def cpu_seconds(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except OSError:
        return 0.0


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_groups(stack):
    """{name: [pids]} of the server processes."""
    groups = {}
    for process in stack.processes:
        name = Path(process.args[0]).name
        if name.startswith("python"):
            name = "db_worker"
        groups[name] = [process.pid, *children(process.pid)]
    return groups


firsts = {}  # item id -> delay of the first reader to receive it


async def reader(port, cursor, expected, delays, ready, stop):
    """One reader: reads the stream in large pieces (no per-line awaits: the client must
    cost far less than the server it measures) and records each published item's delay."""
    reader_stream, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /live/stream?cursor={cursor} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    seen = set()
    buffer = b""
    try:
        head = await reader_stream.readuntil(b"\r\n\r\n")
        assert b" 200 " in head.split(b"\r\n", 1)[0], head
        ready.release()
        while len(seen) < expected and not stop.is_set():
            piece = await reader_stream.read(65536)
            if not piece:
                break
            now = time.time()
            buffer += piece
            # Chunk-size lines interleave with event lines; only whole data lines count.
            while b"\ndata: " in buffer:
                start = buffer.index(b"\ndata: ") + 7
                end = buffer.find(b"\n", start)
                if end < 0:
                    break
                data = json.loads(buffer[start:end])
                buffer = buffer[end:]
                if data.get("kind") == "published" and data["id"] not in seen:
                    seen.add(data["id"])
                    delays.append(now - data["at"])
                    firsts[data["id"]] = min(firsts.get(data["id"], 1e9), now - data["at"])
            buffer = buffer[-65536:]
    finally:
        writer.close()


async def run_readers(args, stack, cursor):
    delays = []
    ready = asyncio.Semaphore(0)
    stop = asyncio.Event()
    tasks = []
    for n in range(args.readers):
        tasks.append(
            asyncio.create_task(reader(NGINX_PORT, cursor, args.items, delays, ready, stop))
        )
        if n % 100 == 99:
            await asyncio.sleep(0.05)
    for _ in range(args.readers):
        await asyncio.wait_for(ready.acquire(), timeout=120)
    print(f"{args.readers} readers connected through nginx", flush=True)
    groups = process_groups(stack)
    before = {name: sum(cpu_seconds(p) for p in pids) for name, pids in groups.items()}
    started = time.monotonic()
    publisher = await asyncio.create_subprocess_exec(
        sys.executable,
        "manage.py",
        "shell",
        "-c",
        PUBLISH.format(items=args.items, interval=args.interval),
        cwd=ROOT,
        env=stack.env,
    )
    await publisher.wait()
    done, pending = await asyncio.wait(tasks, timeout=10)
    stop.set()
    for task in pending:
        task.cancel()
    elapsed = time.monotonic() - started
    groups = process_groups(stack)
    after = {name: sum(cpu_seconds(p) for p in pids) for name, pids in groups.items()}
    memory = {name: sum(rss_mb(p) for p in pids) for name, pids in groups.items()}
    errors = sum(1 for task in done if task.exception() is not None)
    return delays, elapsed, before, after, memory, errors


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 65536)), hard))
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    run_dir = Path(tempfile.mkdtemp(prefix="masthead-livefeed-"))
    stack = Stack(
        run_dir,
        port=NGINX_PORT,
        app_port=APP_PORT,
        stream_port=STREAM_PORT,
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
    )
    print(f"preparing the stack on {DATABASE_URL} …", flush=True)
    stack.prepare()
    stack.start(worker=False)
    try:
        printed = stack.manage(
            "shell",
            "-c",
            "from masthead.livefeed import queries; print('cursor', queries.newest_change_id())",
            capture_output=True,
            text=True,
        ).stdout
        cursor = int(printed.rsplit("cursor ", 1)[1].split()[0])
        delays, elapsed, before, after, memory, errors = asyncio.run(
            run_readers(args, stack, cursor)
        )
    finally:
        stack.stop()
    expected = args.readers * args.items
    print(f"\nLive news feed: {args.readers} SSE readers through nginx, {args.items} items")
    print(f"  events received  {len(delays)} of {expected} (reader errors: {errors})")
    if delays:
        ordered = sorted(delays)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(
            f"  publish → visible  p50 {statistics.median(ordered) * 1000:.0f} ms, "
            f"p99 {p99 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms (target p99 ≤ 2000 ms)"
        )
        fastest = sorted(firsts.values())
        print(
            f"  first reader per item  median {statistics.median(fastest) * 1000:.0f} ms, "
            f"max {fastest[-1] * 1000:.0f} ms (the time to reach the stream process)"
        )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"  the readers' own process used {usage.ru_utime + usage.ru_stime:.1f} CPU s in all")
    print(f"  measured over {elapsed:.1f} s; server CPU seconds per minute:")
    for name in after:
        used = after[name] - before.get(name, 0.0)
        print(f"    {name:10s} {used / elapsed * 60:6.2f} CPU s/min   RSS {memory[name]:7.1f} MB")
    total = sum(after[n] - before.get(n, 0.0) for n in after)
    print(
        f"    {'all':10s} {total / elapsed * 60:6.2f} CPU s/min   RSS {sum(memory.values()):7.1f} MB"
    )
    print(
        "  (latency: receipt time − the change's record time carried in the event, same clock;"
        " CPU: utime+stime of the server processes from /proc; the machine is shared)"
    )


if __name__ == "__main__":
    main()
