"""Compress pages, not files.

Django's GZipMiddleware for rendered responses (HTML, feeds, JSON) only: WhiteNoise
already serves static files pre-compressed, and images and audio gain nothing from gzip.
Pages the page cache stores are compressed there, once, when stored (pagecache.py renders
them without Accept-Encoding); this middleware compresses what the cache does not keep:
pages that set cookies (forms) and signed-in views. Django's GZipMiddleware pads each
response against BREACH. In production nginx may compress instead; a response already
encoded is left alone.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/ld+json",
    "application/feed+json",
    "image/svg+xml",
)


class PageGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming:
            return response
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
