"""Compress pages, not files.

Django's GZipMiddleware for rendered responses (HTML, feeds, JSON) only: WhiteNoise
already serves static files pre-compressed, and images and audio gain nothing from gzip.
The page cache keeps its own plain and gzip copy of each page it stores; this covers
what it does not store (pages that set cookies, signed-in views). A response already
encoded is left alone, and Django pads each compressed response against BREACH. In
production nginx may compress too.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/ld+json",
    "image/svg+xml",
)


class PageGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming:
            return response
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
