from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/link/", views.sign_in_confirm, name="sign-in-confirm"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("data.json", views.download_data, name="download-data"),
    path("delete/", views.delete_account, name="delete"),
    path("delete/confirm/", views.delete_account_confirm, name="delete-confirm"),
]
