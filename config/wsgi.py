import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402

from masthead.analytics.wsgi import BeaconPath  # noqa: E402 - needs Django set up
from masthead.api.cors import fastpath_headers  # noqa: E402 - needs Django set up
from masthead.core.accesslog import AccessLog  # noqa: E402 - needs Django set up
from masthead.core.pagecache import FastPath  # noqa: E402 - needs Django set up

# Fresh page-cache hits are answered before Django builds a request. CORS headers for the
# Content API are added outside every cache (api.cors.CorsMiddleware, the first Django
# middleware, so ASGI gets them too; the FastPath's hits get them from the same rules).
application = FastPath(django_application, extra_headers=fastpath_headers)
if settings.ACCESS_LOG:
    # make run's one line per request (production's is nginx's)
    application = AccessLog(application)
# The view beacon, answered before the access log, the page cache and Django
# (masthead/analytics/wsgi.py): thousands a second would drown make run's log.
application = BeaconPath(application)
