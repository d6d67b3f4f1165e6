from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "masthead.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from masthead.core import reader, slots
        from masthead.users import account

        from . import campaigns, gifts, queries, services, views
        from .models import Campaign, MembershipChange, Tier, TierPrice

        for model in (Tier, TierPrice):
            for signal in (post_save, post_delete):
                signal.connect(queries.clear_tier_map, sender=model, weak=False)
                signal.connect(services.purge_membership_page, sender=model, weak=False)

        slots.register("article.gate", views.render_gate)
        slots.register("article.membership", views.render_ask)
        slots.register("home.membership", views.render_ask)
        reader.register("gate", views.gate_part, order=20)
        reader.register("membership", views.membership_part, order=30)
        reader.register("join", views.join_part, order=31)
        reader.register("membership_page", views.membership_page_part, order=32)
        account.register_section("membership", views.account_section, order=10)
        account.register_data("membership", views.reader_data)
        account.register_eraser("membership", services.do_erase_membership, order=50)

        # Reader funding: meters and the supporter total (members/campaigns.py).
        slots.register("article.membership", campaigns.render_slot, order=50)
        slots.register("home.membership", campaigns.render_slot, order=50)
        reader.register("funding", campaigns.funding_part, order=40)
        account.register_data("gifts", gifts.reader_data)
        account.register_eraser("funding", gifts.do_erase_funding, order=55)
        post_save.connect(
            campaigns.membership_change_saved,
            sender=MembershipChange,
            dispatch_uid="members_count_join",
        )
        for signal in (post_save, post_delete):
            signal.connect(
                campaigns.campaign_saved, sender=Campaign, dispatch_uid=f"members_campaign_{signal}"
            )
