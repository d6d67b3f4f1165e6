from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, queries, services


@hooks.register("register_admin_urls")
def register_comments_admin_urls():
    urls = [
        path("", admin_views.queue, name="queue"),
        path("act/", admin_views.act, name="act"),
        path("<int:comment_id>/", admin_views.comment, name="comment"),
        path("commenter/<int:user_id>/", admin_views.commenter, name="commenter"),
        path("bans/", admin_views.bans, name="bans"),
        path("bans/<int:ban_id>/lift/", admin_views.lift_ban, name="lift_ban"),
        path("article/<int:page_id>/", admin_views.article, name="article"),
        path("log/", admin_views.log, name="log"),
    ]
    return [path("comments/", include((urls, "comments_admin"), namespace="comments_admin"))]


class CommentsMenuItem(MenuItem):
    """Moderators and editors; authors whose byline is on an article."""

    def is_shown(self, request):
        user = request.user
        return services.is_moderator(user) or bool(queries.authored_article_ids(user))


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem(
        _("Comments"), reverse("comments_admin:queue"), icon_name="comment", order=250
    )


@hooks.register("insert_global_admin_js")
def comments_admin_js():
    return format_html('<script src="{}" defer></script>', static("comments/admin-queue.js"))


@hooks.register("register_page_header_buttons")
def article_comment_settings_button(page, user, view_name=None, next_url=None):
    from wagtail.admin.widgets.button import Button

    from masthead.articles.models import ArticlePage

    if page.specific_class is ArticlePage and services.is_moderator(user):
        yield Button(
            _("Comment settings"),
            reverse("comments_admin:article", args=[page.pk]),
            icon_name="comment",
            priority=60,
        )
