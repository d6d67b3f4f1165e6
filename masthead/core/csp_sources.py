"""What the Content-Security-Policy (headers.py) must allow beyond this site's origin."""

from urllib.parse import urlsplit

from django.conf import settings

# Templates rendered without static files, whose one <style> block is allowed by hash.
STYLE_TEMPLATES = ["templates/500.html"]


def media_origin():
    """The origin of uploaded files when they live elsewhere (S3, a CDN), else nothing."""
    parts = urlsplit(settings.MEDIA_URL)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []
