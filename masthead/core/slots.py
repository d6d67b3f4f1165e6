"""Named places on reading pages that other apps fill with widgets.

A template marks a place with `{% slot "home.newsletter" %}`; an app fills it in
its `AppConfig.ready()` with `slots.register("home.newsletter", render)`, where
`render(context)` returns HTML. An empty slot renders nothing.

Slot contents end up in cached HTML shared by every anonymous reader, so a
renderer must never show anything about the current user. Per-user parts (a
member's state, a comment form) load from an uncached endpoint instead.

The slots we ship: head (links and meta tags in every page's <head>), home.lead_aside, home.newsfeed, home.most_popular,
home.newsletter, home.membership, home.rail, article.audio, article.after_body,
article.membership, article.comments, article.popular, article.aside, section.aside,
footer.newsletter, body.end (the last thing in <body>, on every page), card.meta (inside an article card's meta line; the card's `article` is in
the context). An article's foot holds, in this order: article.after_body, the share
links, the opinion teaser, the author boxes, article.membership, article.comments,
article.popular; then the rail (article.aside: the news feed, related) and the editors'
picks. A slot is written bare in its template, with no wrapper, so an empty one takes
no space.

A widget's script is written with `script_once(context, path)` (or the
`{% script_once %}` tag in a page's own template): a page holding the same widget in two
slots (home and its footer both hold the newsletter signup) loads and runs it once.
"""

from collections import defaultdict

from django.templatetags.static import static
from django.utils.html import format_html

_registry = defaultdict(list)


def register(name, renderer, order=100):
    _registry[name].append((order, renderer))
    _registry[name].sort(key=lambda item: item[0])


def unregister(name, renderer):
    _registry[name] = [item for item in _registry[name] if item[1] is not renderer]


def render(name, context):
    return "".join(str(renderer(context) or "") for _, renderer in _registry.get(name, ()))


def script_once(context, path):
    """`<script src="{static path}" defer>` the first time a page's render asks for it, ""
    after. What was written is remembered on the request (one page per request), or on the
    template context when there is no request."""
    request = context.get("request")
    if request is not None:
        written = request.__dict__.setdefault("_masthead_scripts", set())
    else:
        written = context.dicts[0].setdefault("_masthead_scripts", set())
    if path in written:
        return ""
    written.add(path)
    return format_html('<script src="{}" defer></script>', static(path))
