"""What other apps show on a member's admin page (payments: payments and events),
without members importing them. `register(name, render, order)`: `render(membership)`
returns HTML; it runs on the staff-only member page."""

_panels = []


def register(name, render, order=100):
    _panels[:] = [item for item in _panels if item[1] != name]
    _panels.append((order, name, render))
    _panels.sort(key=lambda item: item[0])


def render_all(membership):
    return [html for _, _, render in _panels if (html := render(membership))]
