from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from masthead.articles import queries as article_queries
        from masthead.core import reader, slots
        from masthead.users import account

        from . import services, signal_handlers, views

        slots.register("article.comments", views.render_thread)
        slots.register("card.meta", views.render_card_count)
        reader.register("comments", views.comments_part, order=60)
        # Cards read their comment count with their own query (no N+1).
        article_queries.add_card_relation("discussion")
        account.register_section("comments", views.account_section, order=40)
        account.register_data("comments", views.reader_data)
        account.register_eraser("comments", services.do_erase_comments, order=40)
        signal_handlers.connect()
