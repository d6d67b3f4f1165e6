from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("newsletters/subscribe/", views.subscribe, name="subscribe"),
    path("newsletters/account/", views.account_newsletters, name="account"),
    path("newsletters/check-your-email/", views.check_email, name="check_email"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/preferences/<str:token>/", views.manage, name="manage"),
    path("newsletters/<slug:slug>/archive/", views.archive, name="archive"),
    path("newsletters/<slug:slug>/archive/feed.xml", views.archive_feed, name="archive_feed"),
    path("newsletters/<slug:slug>/archive/<int:pk>/", views.issue_page, name="issue"),
]
