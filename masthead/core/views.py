from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.static import serve


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database: whatever broke may break them too.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"site_name": settings.WAGTAIL_SITE_NAME}))


def serve_media(request, path):
    """Uploaded files for a server with no proxy in front (the embedded newsroom,
    live-server tests). In production nginx or object storage serves /media/."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
