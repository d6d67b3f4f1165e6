import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

django_application = get_wsgi_application()

from masthead.core.pagecache import FastPath  # noqa: E402 - needs Django set up

# Fresh page-cache hits are answered before Django builds a request.
application = FastPath(django_application)
