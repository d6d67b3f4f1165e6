"""The Admin API: writes, guarded by hashed, scoped API keys."""

from ninja import Router

router = Router(tags=["Admin"])
