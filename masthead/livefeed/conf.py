"""Settings of the live news feed (masthead/livefeed/CONTEXT.md)."""

from masthead.core.appsettings import env

# The live news feed (masthead/livefeed/CONTEXT.md).
LIVEFEED_PAGE_SIZE = env.int("LIVEFEED_PAGE_SIZE", default=30)
LIVEFEED_WIDGET_ITEMS = env.int("LIVEFEED_WIDGET_ITEMS", default=6)
# "sse" (server-sent events from /live/stream, falling back to polling) or "poll" (only
# /live/changes.json every LIVEFEED_POLL_SECONDS: for a CDN that cuts long connections).
LIVEFEED_TRANSPORT = env.str("LIVEFEED_TRANSPORT", default="sse")
LIVEFEED_POLL_SECONDS = env.int("LIVEFEED_POLL_SECONDS", default=5)
# How often each server process looks for new changes, and how long a stream stays open
# before the browser reconnects (it resumes where it left off).
LIVEFEED_POLL_INTERVAL = env.float("LIVEFEED_POLL_INTERVAL", default=0.3)
LIVEFEED_HEARTBEAT = env.float("LIVEFEED_HEARTBEAT", default=20)
LIVEFEED_STREAM_MAX_AGE = env.int("LIVEFEED_STREAM_MAX_AGE", default=600)
