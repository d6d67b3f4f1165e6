from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "masthead.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()

        from masthead.members import queries as members
        from masthead.users import account

        from . import audiences, services, views

        # Members-only lists and member/non-member sends ask members who is a member
        # (newsletters → members, as the dependencies point; members knows no newsletter).
        audiences.register("members", members.member_user_ids)

        account.register_section("newsletters", views.account_section, order=30)
        account.register_data("newsletters", views.reader_data)
        account.register_eraser("newsletters", services.do_erase_for_user, order=60)
