"""Which URLs show a thing, asked of every app that shows it.

The app that owns a kind of thing (articles owns "article") asks `urls_for(kind, obj)`
when one changes and purges the answer; the apps that show it (the API, the podcast, the
feeds, the sitemaps) register, in their AppConfig.ready(), a function naming their own
URLs for it. So no app names another app's routes, and core knows no app:

    purges.register("article", lambda article: [reverse("api-article", args=[article.pk])])

A function gets the object as it is in the database now and returns URLs or paths
(empty or None entries are dropped). One that raises is logged and skipped: a purge must
never stand in the way of the change that caused it.
"""

import logging
from collections import defaultdict

logger = logging.getLogger(__name__)

_registry = defaultdict(dict)


def register(kind, function, name=None):
    """Add `function(obj) -> iterable of URLs` for things of `kind`. Registering the
    same name again replaces it (ready() may run twice in tests)."""
    name = name or f"{function.__module__}.{getattr(function, '__qualname__', repr(function))}"
    _registry[kind][name] = function


def unregister(kind, name):
    _registry[kind].pop(name, None)


def registered(kind):
    return dict(_registry.get(kind, {}))


def urls_for(kind, obj):
    """Every URL the registered functions name for `obj`, in registration order,
    without repeats or empty entries."""
    urls = []
    for name, function in list(_registry.get(kind, {}).items()):
        try:
            found = function(obj) or ()
        except Exception:
            logger.exception("purge URLs %s for %s %s failed", name, kind, getattr(obj, "pk", obj))
            continue
        urls.extend(url for url in found if url and url not in urls)
    return urls
