"""The public, read-only Content API."""

from ninja import Router

router = Router(tags=["Content"])
