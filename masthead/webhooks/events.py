"""The registry of webhook events. An app that emits events registers their names in its
`AppConfig.ready()` (`events.register("member.joined", _("A member joined"))`) so editors
can subscribe endpoints to them; `services.emit()` refuses names nobody registered."""

from dataclasses import dataclass

# Sent only by "Send a test ping"; endpoints need not subscribe to it.
PING = "ping"


@dataclass(frozen=True)
class Event:
    name: str
    label: str


_events: dict[str, Event] = {}


def register(name, label):
    """Make `name` ("noun.verb") an event editors can subscribe endpoints to. Registering
    the same name again replaces its label."""
    if not name or "." not in name:
        raise ValueError(f"webhook event names look like 'article.published', not {name!r}")
    _events[name] = Event(name, label)


def is_registered(name):
    return name in _events


def all_events():
    return sorted(_events.values(), key=lambda event: event.name)


def choices():
    """(name, label) pairs for the endpoint form's checkboxes, in name order."""
    return [(event.name, f"{event.name}: {event.label}") for event in all_events()]
