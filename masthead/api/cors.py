"""CORS for the Content API, added outside every cache.

A WSGI wrapper around the whole application (config/wsgi.py), so the headers are right
on every answer: Django's, the page cache's hits and 304s, and the FastPath's hits, which
never reach Django. Nothing CORS-related is stored in a cache, so one cached copy serves
readers from every origin.

`API_CORS_ALLOWED_ORIGINS` is "*" (any site may read the public content; no credentials
are involved, so no cookie or key is ever exposed) or a list of origins, for which the
allowed origin is echoed per request with `Vary: Origin` for the caches in front.
The key-guarded Admin API is left out.
"""

from django.conf import settings

PREFIX = "/api/"
EXCLUDED = ("/api/v1/admin/",)
ALLOWED_METHODS = "GET, OPTIONS"
# Headers a browser script may send: the conditional ones let it revalidate with 304.
ALLOWED_HEADERS = "Accept, Accept-Language, Cache-Control, If-Modified-Since, If-None-Match"
# Response headers a script may read besides the always-safe ones.
EXPOSED_HEADERS = "ETag, X-Cache"
PREFLIGHT_MAX_AGE = "86400"


def applies(path):
    return path.startswith(PREFIX) and not path.startswith(EXCLUDED)


def allowed_origin(origin):
    """The Access-Control-Allow-Origin value for a request from `origin`, or None."""
    origins = settings.API_CORS_ALLOWED_ORIGINS
    if "*" in origins:
        return "*"
    if origin and origin in origins:
        return origin
    return None


def cors_headers(origin):
    allowed = allowed_origin(origin)
    headers = []
    if allowed:
        headers += [
            ("Access-Control-Allow-Origin", allowed),
            ("Access-Control-Expose-Headers", EXPOSED_HEADERS),
        ]
    if "*" not in settings.API_CORS_ALLOWED_ORIGINS:
        headers.append(("Vary", "Origin"))  # the answer depends on who asks
    return headers


def merged(headers, extra):
    """`headers` without any CORS headers of their own, plus `extra`; Vary values join."""
    kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
    for name, value in extra:
        if name == "Vary":
            vary = [i for i, (k, _) in enumerate(kept) if k.lower() == "vary"]
            if vary:
                i = vary[0]
                kept[i] = (kept[i][0], f"{kept[i][1]}, {value}")
                continue
        kept.append((name, value))
    return kept


class CorsMiddleware:
    """WSGI middleware answering CORS preflights and adding CORS headers to API answers."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not applies(environ.get("PATH_INFO", "")):
            return self.application(environ, start_response)
        origin = environ.get("HTTP_ORIGIN")
        if (
            environ.get("REQUEST_METHOD") == "OPTIONS"
            and origin
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
        ):
            return self.preflight(origin, start_response)

        def start_with_cors(status, headers, exc_info=None):
            return start_response(status, merged(headers, cors_headers(origin)), exc_info)

        return self.application(environ, start_with_cors)

    @staticmethod
    def preflight(origin, start_response):
        headers = cors_headers(origin)
        if allowed_origin(origin):
            headers += [
                ("Access-Control-Allow-Methods", ALLOWED_METHODS),
                ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
                ("Access-Control-Max-Age", PREFLIGHT_MAX_AGE),
            ]
        start_response("204 No Content", [*headers, ("Content-Length", "0")])
        return [b""]
