"""The beacon answered before Django: a WSGI wrapper for `/_/hit` (config/wsgi.py).

A beacon is the most frequent request a newsroom gets; Django's middleware (sessions,
CSRF, the site lookup) would cost it ten times what counting does. Outside this path
everything goes to the wrapped application unchanged.
"""

from . import ingest


class BeaconPath:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != ingest.PATH:
            return self.application(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "POST", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, POST"), *ingest.HEADERS])
            return [b""]
        body = b""
        if method == "POST":
            try:
                length = min(int(environ.get("CONTENT_LENGTH") or 0), ingest.MAX_BODY)
            except ValueError:
                length = 0
            body = environ["wsgi.input"].read(length) if length > 0 else b""
        if method != "HEAD":
            ingest.record(ingest.params_of(environ.get("QUERY_STRING", ""), body), environ)
        if method == "POST":
            start_response("204 No Content", list(ingest.HEADERS))
            return [b""]
        start_response(
            "200 OK",
            [
                ("Content-Type", "image/gif"),
                ("Content-Length", str(len(ingest.PIXEL))),
                *ingest.HEADERS,
            ],
        )
        return [ingest.PIXEL]
