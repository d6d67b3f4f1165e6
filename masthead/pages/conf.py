"""Settings of the reader form pages (opinion pitches, contact messages)."""

from urllib.parse import urlsplit

from masthead.core.appsettings import env

# Where reader submissions go when a form page names no address of its own.
EDITORS_EMAIL = env.str(
    "EDITORS_EMAIL",
    default="editors@"
    + (urlsplit(env.str("SITE_URL", default="http://127.0.0.1:8000")).hostname or "localhost"),
)
