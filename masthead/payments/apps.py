from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "masthead.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self):
        from masthead.members import checkout, panels
        from masthead.users import account

        from . import admin_panels, services, views

        checkout.register_provider(views.CheckoutProvider())
        account.register_section("billing", views.account_section, order=20)
        account.register_data("payments", admin_panels.reader_data)
        account.register_eraser("stripe", services.erase_customer, order=40)
        panels.register("payments", admin_panels.member_panel)

        # Reader funding (payments/donations.py): membership payments count in amount
        # campaigns; a subscriber's redeemed gift moves their next charge.
        from django.db.models.signals import post_save

        from masthead.members import gifts

        from . import donations
        from .models import Payment

        post_save.connect(donations.payment_saved, sender=Payment, dispatch_uid="payments_count")
        account.register_data("donations", donations.reader_data)
        account.register_eraser("donations", donations.erase_donor, order=41)
        gifts.gift_redeemed.connect(
            donations.gift_extended_membership, dispatch_uid="payments_gift_extends"
        )
