"""The live mechanism over real HTTP: a reader's open stream receives a change posted
after it connected, a reconnect with Last-Event-ID receives what it missed, and the
polling fallback answers 304 when nothing changed. The WSGI stream runs on the live
server; the ASGI stream (the production process) on uvicorn in a thread."""

import http.client
import json
import socket
import threading
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.test import Client

from masthead.livefeed import live
from masthead.livefeed.models import FeedChange

from .factories import post

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _stop_pollers():
    yield
    live.thread_hub.stop()


class Reader:
    """An SSE client reading events in a thread."""

    def __init__(self, base, cursor=None, last_event_id=None):
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        query = f"?cursor={cursor}" if cursor is not None else ""
        self.connection.connect()
        self.sock = self.connection.sock
        self.connection.request("GET", "/live/stream" + query, headers=headers)
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")
        self.events = []
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        event = {}
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if not line:
                    if "data" in event:
                        self.events.append(event)
                    event = {}
                elif line.startswith(("id: ", "event: ", "data: ")):
                    name, value = line.split(": ", 1)
                    event[name] = value
        except (OSError, ValueError, AttributeError):
            pass  # the test closed the connection; http.client may trip over it

    def wait_for(self, count, timeout=5):
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.events

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.thread.join(timeout=5)  # it sees the end of the stream, then we close
        self.connection.close()


def test_an_open_stream_receives_new_edited_and_deleted_items_and_reconnects_resume(live_server):
    from masthead.livefeed import services

    reader = Reader(live_server.url, cursor=0)
    try:
        time.sleep(0.5)
        posted_at = time.time()
        item = post("Sirens in the north")
        events = reader.wait_for(1)
        assert events and events[0]["event"] == "item.published"
        assert time.time() - posted_at < 2
        data = json.loads(events[0]["data"])
        assert data["id"] == item.pk and data["headline"] == "Sirens in the north"
        assert f'id="item-{item.pk}"' in data["html"]
        services.do_update_item(item, headline="Sirens in the north: all clear")
        services.do_delete_item(item)
        events = reader.wait_for(3)
        assert [e["event"] for e in events] == ["item.published", "item.updated", "item.deleted"]
        assert [int(e["id"]) for e in events] == list(
            FeedChange.objects.values_list("pk", flat=True)
        )
    finally:
        reader.close()
    # Missed while away: a reconnect with Last-Event-ID gets exactly what came after it.
    first_id = int(events[0]["id"])
    again = Reader(live_server.url, cursor=0, last_event_id=first_id)
    try:
        resumed = again.wait_for(2)
        assert [e["event"] for e in resumed] == ["item.updated", "item.deleted"]
    finally:
        again.close()


def test_a_cached_page_cursor_catches_up_at_once(live_server):
    post("Before the page was cached")
    cursor = FeedChange.objects.last().pk
    post("After the page was cached")
    reader = Reader(live_server.url, cursor=cursor)
    try:
        events = reader.wait_for(1)
        assert [json.loads(e["data"])["headline"] for e in events] == ["After the page was cached"]
    finally:
        reader.close()


def test_the_polling_fallback_is_cheap_to_revalidate():
    client = Client()
    first = client.get("/live/changes.json?after=0")
    assert first.status_code == 200 and first.json() == {"cursor": 0, "changes": []}
    assert "max-age=1" in first["Cache-Control"]
    assert (
        client.get("/live/changes.json?after=0", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
    item = post("Polled")
    changed = client.get("/live/changes.json?after=0", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    body = changed.json()
    assert body["cursor"] == FeedChange.objects.get().pk
    assert body["changes"][0]["id"] == item.pk and body["changes"][0]["seq"] == body["cursor"]
    assert client.get("/live/changes.json?after=junk").status_code == 200


def test_the_asgi_stream_process_serves_the_same_events(live_server):
    import uvicorn

    from config.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        post("Posted before the reader came")
        reader = Reader(base, cursor=0)
        try:
            post("Posted while the reader listened")
            events = reader.wait_for(2)
            assert [json.loads(e["data"])["headline"] for e in events] == [
                "Posted before the reader came",
                "Posted while the reader listened",
            ]
        finally:
            reader.close()
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310  # nosec B310 # loopback http
            assert response.status == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)
