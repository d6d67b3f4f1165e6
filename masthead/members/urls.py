from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("membership/", views.membership_page, name="membership"),
    path("membership/join/", views.join, name="join"),
    path("membership/read/<int:page_id>/", views.read, name="read"),
    path("support/", views.support, name="support"),
]
