"""CORS for the Content API, added outside every cache.

A Django middleware placed before the page cache (MIDDLEWARE's first entry), so WSGI and
ASGI both get it on every answer Django gives: the views', the page cache's hits and
304s. The FastPath answers fresh hits before Django runs (config/wsgi.py): it takes
`fastpath_headers` as its hook, so its hits carry the same headers. Nothing
CORS-related is stored in a cache, so one cached copy serves readers from every origin.

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


def fastpath_headers(environ):
    """The CORS headers for a FastPath hit (pagecache.FastPath's `extra_headers` hook)."""
    if not applies(environ.get("PATH_INFO", "")):
        return []
    return cors_headers(environ.get("HTTP_ORIGIN"))


class CorsMiddleware:
    """Answers CORS preflights and adds CORS headers to Content API answers. Put it
    before PageCacheMiddleware, so cached answers get the headers of each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not applies(request.path_info):
            return self.get_response(request)
        origin = request.META.get("HTTP_ORIGIN")
        if (
            request.method == "OPTIONS"
            and origin
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        ):
            return self.preflight(origin)
        from django.utils.cache import patch_vary_headers

        response = self.get_response(request)
        for name in [name for name in response.headers if name.lower().startswith("access-")]:
            del response[name]
        for name, value in cors_headers(origin):
            if name == "Vary":
                patch_vary_headers(response, [value])
            else:
                response[name] = value
        return response

    @staticmethod
    def preflight(origin):
        from django.http import HttpResponse

        response = HttpResponse(status=204)
        headers = cors_headers(origin)
        if allowed_origin(origin):
            headers += [
                ("Access-Control-Allow-Methods", ALLOWED_METHODS),
                ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
                ("Access-Control-Max-Age", PREFLIGHT_MAX_AGE),
            ]
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = "0"
        return response
