"""The embedded newsroom `make run` serves: SQLite, local files, console email."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A throwaway key for local use only; production.py refuses to start without a real one.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-masthead-local-development-only")
