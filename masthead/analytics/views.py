"""The beacon endpoint as a Django view (the WSGI fast path, wsgi.py, answers it first
when served by `make run` or production)."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import ingest


@csrf_exempt  # a cookie-less count, changing nothing of the reader's
@require_http_methods(["GET", "HEAD", "POST"])
def hit(request):
    if request.method != "HEAD":
        ingest.record(
            ingest.params_of(request.META.get("QUERY_STRING", ""), request.body), request.META
        )
    if request.method == "POST":
        response = HttpResponse(status=204)
    else:
        response = HttpResponse(ingest.PIXEL, content_type="image/gif")
    for name, value in ingest.HEADERS:
        response[name] = value
    return response
