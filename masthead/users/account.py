"""What other apps add to a reader's account, without users importing them.

Dependencies point `payments → members → users`, so the account page, the data
export and the account deletion ask the apps that registered here in their
`AppConfig.ready()`:

* `register_section(name, render, order)`: `render(request)` returns HTML for the
  account page (the membership, billing). Runs on the per-reader account page only.
* `register_data(name, collect)`: `collect(user)` returns JSON-able data for
  "Download my data".
* `register_eraser(name, erase, order)`: `erase(user)` runs inside the deletion
  transaction, before the user row is anonymised; side effects (cancelling a
  subscription at Stripe, email) go in `transaction.on_commit`.
"""

_sections = []
_data = []
_erasers = []


def _add(registry, name, fn, order):
    registry[:] = [item for item in registry if item[1] != name]
    registry.append((order, name, fn))
    registry.sort(key=lambda item: item[0])


def register_section(name, render, order=100):
    _add(_sections, name, render, order)


def register_data(name, collect, order=100):
    _add(_data, name, collect, order)


def register_eraser(name, erase, order=100):
    _add(_erasers, name, erase, order)


def sections(request):
    return [html for _, _, render in _sections if (html := render(request))]


def data(user):
    return {name: collect(user) for _, name, collect in _data}


def erasers():
    return [erase for _, _, erase in _erasers]
