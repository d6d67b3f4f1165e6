from django.urls import path

from . import funding_views, views

app_name = "members"

urlpatterns = [
    path("membership/", views.membership_page, name="membership"),
    path("membership/join/", views.join, name="join"),
    path("membership/read/<int:page_id>/", views.read, name="read"),
    path("support/", views.support, name="support"),
    path("donate/", funding_views.donate, name="donate"),
    path("donate/thanks/", funding_views.donate_thanks, name="donate-thanks"),
    path("membership/gift/", funding_views.gift, name="gift"),
    path("membership/gift/thanks/", funding_views.gift_thanks, name="gift-thanks"),
    path("membership/gift/redeem/<str:code>/", funding_views.gift_redeem, name="gift-redeem"),
]
