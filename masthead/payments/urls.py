from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("payments/stripe/webhook/", views.webhook, name="webhook"),
    path("membership/welcome/", views.success, name="success"),
    path("membership/not-now/", views.cancel, name="cancel"),
    path("membership/billing/", views.billing, name="billing"),
]
