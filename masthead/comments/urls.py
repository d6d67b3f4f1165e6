from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("<int:article_id>/write/", views.write, name="write"),
    path("<int:comment_id>/edit/", views.edit, name="edit"),
    path("<int:comment_id>/delete/", views.delete, name="delete"),
    path("<int:comment_id>/like/", views.like, name="like"),
    path("<int:comment_id>/report/", views.report, name="report"),
    path("emails/", views.notification_choices, name="notifications"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
