from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    # under /_/: never page-cached (PAGE_CACHE_EXCLUDE); no cookie is read or set
    path("_/hit", views.hit, name="hit"),
]
