"""The live mechanism: server-sent events fed from the change log.

One poller per server process reads new FeedChange rows (one indexed query every
LIVEFEED_POLL_INTERVAL seconds, however many readers are connected), encodes each change
once as an SSE event, keeps the recent ones in a backlog and hands them to every open
stream. A reader resumes from a cursor — the change id its page was rendered with, or the
Last-Event-ID EventSource sends when it reconnects — and first gets every change it
missed: from the backlog, or with one query when the cursor is older than the backlog.
So a page served from a cache is brought up to date as soon as its script connects.

Two hubs share that logic: `ThreadHub` for WSGI servers (make run: one thread per open
reader, which suits a small site) and `AsyncHub` for the ASGI stream process of the
production topology (`LiveStreamApp` in config/asgi.py: thousands of readers on one
event loop, without Django's middleware).
"""

import asyncio
import collections
import json
import logging
import threading
import time
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, connection

from . import queries

logger = logging.getLogger(__name__)

STREAM_PATH = "/live/stream"
STREAM_HEADERS = [
    ("Cache-Control", "no-cache, no-store"),
    # nginx: pass events on at once instead of buffering the response.
    ("X-Accel-Buffering", "no"),
]
CATCH_UP_LIMIT = 500
BACKLOG_SIZE = 1000
OPENING = b"retry: 2000\n: connected\n\n"
HEARTBEAT = b": keep-alive\n\n"


def parse_cursor(last_event_id, query_value):
    """The change id to resume after: Last-Event-ID wins over the page's ?cursor=."""
    for value in (last_event_id, query_value):
        value = (value or "").strip()
        if value.isdigit() and len(value) < 19:
            return int(value)
    return None


def encode(pk, kind, payload):
    """One change as an SSE event. The payload is JSON rendered when the change was
    recorded; only the sequence number is added here, once per process."""
    data = '{"seq":%d,%s' % (pk, payload[1:])  # noqa: UP031 - splicing JSON text
    return f"id: {pk}\nevent: item.{kind}\ndata: {data}\n\n".encode()


def change_data(pk, kind, payload):
    data = json.loads(payload)
    data["seq"] = pk
    return data


def fetch_after(cursor, limit=CATCH_UP_LIMIT):
    """Encoded changes after `cursor`: [(id, bytes)]."""
    try:
        rows = queries.changes_after(cursor, limit=limit)
    except DatabaseError:
        connection.close()  # a long-lived thread: reconnect on the next call
        raise
    return [(pk, encode(pk, kind, payload)) for pk, kind, payload in rows]


class Backlog:
    """The changes this process has seen recently, encoded once."""

    def __init__(self, size=BACKLOG_SIZE):
        self.events = collections.deque(maxlen=size)
        self.latest = 0

    def add(self, pk, event):
        self.events.append((pk, event))
        self.latest = max(self.latest, pk)

    def since(self, cursor):
        """[(id, bytes)] after `cursor`, or None when the backlog does not reach back
        that far (the caller asks the database)."""
        if cursor >= self.latest:
            return []
        if self.events and self.events[0][0] <= cursor + 1:
            return [(pk, event) for pk, event in self.events if pk > cursor]
        return None


def interval():
    return settings.LIVEFEED_POLL_INTERVAL


STARTUP_ATTEMPTS = 5


def with_retries(query, *args):
    """Run a query a reader is waiting on, retrying a transient database error (a lock,
    a dropped connection) a few times before giving up on that reader."""
    for attempt in range(STARTUP_ATTEMPTS):
        try:
            return query(*args)
        except DatabaseError:
            connection.close()
            if attempt == STARTUP_ATTEMPTS - 1:
                raise
            logger.warning("live feed: database error, retrying", exc_info=True)
            time.sleep(interval())


# --- WSGI: a polling thread and one thread per reader ----------------------------------


class ThreadHub:
    IDLE_STOP = (
        30  # seconds without readers before the poller stops (and lets go of its connection)
    )

    def __init__(self):
        self.backlog = Backlog()
        self.changed = threading.Condition()
        self.start_lock = threading.Lock()
        self.thread = None
        self.readers = 0
        self.stopping = False

    def ensure_started(self):
        with self.start_lock:
            if self.thread is not None and self.thread.is_alive():
                return
            self.backlog = Backlog()
            self.backlog.latest = with_retries(queries.newest_change_id)
            self.stopping = False
            self.thread = threading.Thread(target=self.run, name="livefeed-poller", daemon=True)
            self.thread.start()

    def run(self):
        idle_since = None
        try:
            while not self.stopping:
                try:
                    events = fetch_after(self.backlog.latest)
                except DatabaseError:
                    logger.exception("live feed poller: database error")
                    events = []
                except Exception:  # e.g. the database went away under a test server
                    logger.warning("live feed poller stopped", exc_info=True)
                    break
                if events:
                    with self.changed:
                        for pk, event in events:
                            self.backlog.add(pk, event)
                        self.changed.notify_all()
                if self.readers:
                    idle_since = None
                elif idle_since is None:
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since > self.IDLE_STOP:
                    break
                time.sleep(interval())
        finally:
            connection.close()

    def stop(self):
        """Stop the poller and wait for it (tests, before the database goes away)."""
        self.stopping = True
        thread = self.thread
        if thread is not None:
            thread.join(timeout=5)

    def events(self, cursor):
        """The SSE byte stream of one reader, until LIVEFEED_STREAM_MAX_AGE (EventSource
        then reconnects with Last-Event-ID, so threads are recycled)."""
        self.ensure_started()
        with self.changed:
            self.readers += 1
        try:
            yield OPENING
            if cursor is None:
                cursor = self.backlog.latest
            deadline = time.monotonic() + settings.LIVEFEED_STREAM_MAX_AGE
            while time.monotonic() < deadline:
                events = self.backlog.since(cursor)
                if events is None:
                    events = with_retries(fetch_after, cursor)
                if events:
                    cursor = events[-1][0]
                    yield b"".join(event for _, event in events)
                    continue
                with self.changed:
                    woken = self.changed.wait_for(
                        lambda c=cursor: self.backlog.latest > c or self.stopping,
                        timeout=settings.LIVEFEED_HEARTBEAT,
                    )
                if self.stopping:
                    return
                if not woken:
                    yield HEARTBEAT
        finally:
            with self.changed:
                self.readers -= 1


thread_hub = ThreadHub()


def sync_events(cursor):
    return thread_hub.events(cursor)


# --- ASGI: one poller task and thousands of readers on one event loop ------------------


class AsyncHub:
    """Each reader waits on its own queue; the poller puts every new event in every queue,
    and a heartbeat task puts a keep-alive comment in them every LIVEFEED_HEARTBEAT
    seconds, so an idle reader costs no timer of its own."""

    def __init__(self):
        self.backlog = Backlog()
        self.readers = set()
        self.tasks = ()
        self.start_lock = None

    async def ensure_started(self):
        if self.start_lock is None:
            self.start_lock = asyncio.Lock()
        async with self.start_lock:
            if not self.tasks or any(task.done() for task in self.tasks):
                for task in self.tasks:
                    task.cancel()
                self.backlog = Backlog()
                self.backlog.latest = await sync_to_async(with_retries)(queries.newest_change_id)
                self.tasks = (
                    asyncio.create_task(self.poll()),
                    asyncio.create_task(self.heartbeat()),
                )

    def publish(self, item):
        for queue in self.readers:
            queue.put_nowait(item)

    async def poll(self):
        while True:
            try:
                events = await sync_to_async(fetch_after)(self.backlog.latest)
            except DatabaseError:
                logger.exception("live feed poller: database error")
                events = []
            for pk, event in events:
                self.backlog.add(pk, event)
                self.publish((pk, event))
            await asyncio.sleep(interval())

    async def heartbeat(self):
        while True:
            await asyncio.sleep(settings.LIVEFEED_HEARTBEAT)
            self.publish((0, HEARTBEAT))

    async def stream(self, cursor, send, queue):
        """Send one reader its missed changes, then every new one, until the reader goes
        (None in its queue) or LIVEFEED_STREAM_MAX_AGE passes (checked at heartbeats)."""
        await self.ensure_started()
        self.readers.add(queue)
        try:
            await send(OPENING)
            if cursor is None:
                cursor = self.backlog.latest
            missed = self.backlog.since(cursor)
            if missed is None:
                missed = await sync_to_async(with_retries)(fetch_after, cursor)
            if missed:
                cursor = missed[-1][0]
                await send(b"".join(event for _, event in missed))
            deadline = time.monotonic() + settings.LIVEFEED_STREAM_MAX_AGE
            while True:
                item = await queue.get()
                if item is None:
                    return
                chunk = []
                while item is not None:
                    pk, event = item
                    if pk == 0:
                        chunk.append(event)
                    elif pk > cursor:  # else already sent while catching up
                        cursor = pk
                        chunk.append(event)
                    item = queue.get_nowait() if not queue.empty() else None
                if chunk:
                    await send(b"".join(chunk))
                if time.monotonic() > deadline:
                    return
        finally:
            self.readers.discard(queue)


async_hub = AsyncHub()


class LiveStreamApp:
    """ASGI application for the stream process: /live/stream is answered here, on the
    event loop; every other request goes to Django."""

    def __init__(self, django_app):
        self.django_app = django_app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return await self.lifespan(receive, send)
        if scope["type"] == "http" and scope["path"] == STREAM_PATH:
            return await self.stream(scope, receive, send)
        return await self.django_app(scope, receive, send)

    @staticmethod
    async def lifespan(receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def stream(scope, receive, send):
        if scope["method"] not in ("GET", "HEAD"):
            await send({"type": "http.response.start", "status": 405, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = dict(scope.get("headers") or [])
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        cursor = parse_cursor(
            headers.get(b"last-event-id", b"").decode("latin-1"),
            (query.get("cursor") or [""])[0],
        )
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    *((name.lower().encode(), value.encode()) for name, value in STREAM_HEADERS),
                ],
            }
        )
        if scope["method"] == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        queue = asyncio.Queue()

        async def watch():
            while (await receive())["type"] != "http.disconnect":
                pass
            queue.put_nowait(None)

        async def send_body(body):
            await send({"type": "http.response.body", "body": body, "more_body": True})

        watcher = asyncio.create_task(watch())
        try:
            await async_hub.stream(cursor, send_body, queue)
            if not watcher.done():
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            pass
        finally:
            watcher.cancel()
