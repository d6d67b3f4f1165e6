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
