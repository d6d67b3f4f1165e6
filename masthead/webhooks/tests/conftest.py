import http.server
import json
import threading

import pytest
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
)
from masthead.pages.tests.factories import make_home
from masthead.webhooks import services


class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it is sent. `answer` is the
    status code it replies with (200 unless a test says otherwise); `redirect_to` makes
    it reply 302 with that Location."""

    def __init__(self):
        self.requests = []
        self.answer = 200
        self.redirect_to = None
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                if receiver.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", receiver.redirect_to)
                    self.end_headers()
                    return
                reply = b"ok" if receiver.answer < 400 else b"broken " * 2000
                self.send_response(receiver.answer)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}/hooks"

    def events(self):
        return [json.loads(request["body"])["event"] for request in self.requests]

    def payloads(self):
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def endpoint(db, receiver):
    """An endpoint at the receiver, subscribed to every article event."""
    return services.do_create_endpoint(
        url=receiver.url,
        events=["article.published", "article.updated", "article.unpublished"],
        description="Partner site",
    )


class Desk:
    """A home page, one section and one author, for articles to be published in."""

    def __init__(self):
        self.home = make_home()
        self.section = SectionPageFactory(parent=self.home, title="War", slug="war")
        index = AuthorsIndexPageFactory(parent=self.home)
        self.author = AuthorPageFactory(parent=index, title="Olena Kovalenko", photo=None)

    def article(self, publish=True, **kwargs):
        """A published article, or a draft never published (`publish=False`)."""
        if not publish:
            kwargs["live"] = False
        kwargs.setdefault("title", "Bridge reopens")
        kwargs.setdefault("standfirst", "Traffic returned.")
        kwargs.setdefault("lead_image", None)
        kwargs.setdefault("published_at", None)
        return ArticlePageFactory(
            parent=self.section,
            authors=[self.author],
            body=[("paragraph", RichText("<p>The bridge reopened on Tuesday.</p>"))],
            publish=publish,
            tags=["bridges", "kyiv"],
            **kwargs,
        )


@pytest.fixture
def desk(db):
    return Desk()
