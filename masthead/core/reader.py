"""The per-reader endpoint: the only place a cached page learns who is reading it.

SHIM (h7-members): the seams helper (#13) owns this module; this is the smallest
version of the contract in /work/coord/SEAMS-CONTRACT.md §1 so accounts and
memberships can use it. The merge takes the seams helper's version.

An app registers a part in its `AppConfig.ready()`:

    reader.register("account", account_part, order=10)

`account_part(request, context)` returns a JSON-able dict (or None to send nothing);
`context` is `{"path": str, "page": int | None}`. `GET /_/reader.json` answers
`{"signed_in": bool, "csrf": str | None, "parts": {name: data}}` and is never cached.
"""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

_registry = []


def register(name, part, order=100):
    unregister(name)
    _registry.append((order, name, part))
    _registry.sort(key=lambda item: item[0])


def unregister(name):
    _registry[:] = [item for item in _registry if item[1] != name]


def parse_context(request):
    path = request.GET.get("path", "")
    if not path.startswith("/") or len(path) > 2000:
        path = "/"
    try:
        page = int(request.GET.get("page", ""))
    except ValueError:
        page = None
    return {"path": path, "page": page}


def collect(request, context):
    parts = {}
    for _, name, part in _registry:
        data = part(request, context)
        if data is not None:
            parts[name] = data
    return parts


@require_GET
def reader_json(request):
    context = parse_context(request)
    signed_in = request.user.is_authenticated
    response = JsonResponse(
        {
            "signed_in": signed_in,
            "csrf": get_token(request) if signed_in else None,
            "parts": collect(request, context),
        }
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
