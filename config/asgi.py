"""The ASGI application: the production stream process (uvicorn) serves the news feed's
/live/stream from it, on one event loop (masthead/livefeed/live.py); any other request
reaching it goes to Django."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

django_application = get_asgi_application()

from masthead.livefeed.live import LiveStreamApp  # noqa: E402 - needs Django set up

application = LiveStreamApp(django_application)
