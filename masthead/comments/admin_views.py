"""The moderation admin: the queue (new, held, reported…), one comment with its reports
and history, a commenter (flag, ban, ban history), an article's comment settings, the
bans and the audit log.

Moderators and editors act (`comments.moderate_comment`); authors see the comments on
their own articles and act on none. Every action is a `services.do_*`, logged there."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from masthead.articles.models import ArticlePage

from . import queries, rules, services
from .models import Ban, Comment, Commenter, Discussion, ModerationLog, public_name

QUEUE_LABELS = {
    "held": _("Held"),
    "reported": _("Reported"),
    "new": _("New"),
    "rejected": _("Rejected"),
    "hidden": _("Hidden and deleted"),
    "all": _("All"),
}
ACTION_LABELS = {
    "approve": _("Approve"),
    "reject": _("Reject"),
    "hide": _("Hide"),
    "delete": _("Delete"),
}


def _scope(user):
    """(may act, article ids seen or None for all): moderators and editors see and act
    on everything; authors see their own articles' comments; nobody else anything."""
    if services.is_moderator(user):
        return True, None
    if user.has_perm("wagtailadmin.access_admin"):
        ids = queries.authored_article_ids(user)
        if ids:
            return False, ids
    raise PermissionDenied


def _moderator(request):
    if not services.is_moderator(request.user):
        raise PermissionDenied


def _back(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def _label_reasons(comments):
    for item in comments:
        item.reason_labels = [rules.REASON_LABELS.get(r, r) for r in item.hold_reasons]


def queue(request):
    may_act, article_ids = _scope(request.user)
    name = request.GET.get("queue", "held")
    if name not in QUEUE_LABELS:
        name = "held"
    search = request.GET.get("q", "").strip()[:100]
    article_filter = None
    if request.GET.get("article", "").isdigit():
        article_filter = int(request.GET["article"])
        if article_ids is not None and article_filter not in article_ids:
            raise PermissionDenied
        article_ids = {article_filter}
    comments = queries.queue(name, article_ids=article_ids, search=search)
    page_obj = Paginator(comments, 50).get_page(request.GET.get("p"))
    _label_reasons(page_obj)
    counts = queries.queue_counts(article_ids)
    tabs = [
        {
            "name": key,
            "label": label,
            "count": counts.get(key),
            "current": key == name,
            "url": f"?queue={key}" + (f"&article={article_filter}" if article_filter else ""),
        }
        for key, label in QUEUE_LABELS.items()
    ]
    return TemplateResponse(
        request,
        "comments/admin/queue.html",
        {
            "tabs": tabs,
            "queue": name,
            "page_obj": page_obj,
            "may_act": may_act,
            "search": search,
            "article_filter": article_filter,
            "actions": ACTION_LABELS,
            "reason_labels": rules.REASON_LABELS,
            "next": request.get_full_path(),
        },
    )


@require_POST
def act(request):
    """Approve, reject, hide or delete the comments ticked (or the one whose button was
    pressed)."""
    _moderator(request)
    action = request.POST.get("action", "")
    single = request.POST.get("comment")
    ids = [single] if single else request.POST.getlist("ids")
    ids = [int(i) for i in ids if str(i).isdigit()]
    back = _back(request, reverse("comments_admin:queue"))
    if action not in services.MODERATION or not ids:
        messages.error(request, _("Choose comments and an action."))
        return redirect(back)
    try:
        done = services.do_moderate(request.user, ids, action, request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(sum(error.message_dict.values(), [])))
        return redirect(back)
    messages.success(
        request,
        _("%(action)s: %(count)s comment(s).") % {"action": ACTION_LABELS[action], "count": done},
    )
    return redirect(back)


def comment(request, comment_id):
    may_act, article_ids = _scope(request.user)
    found = get_object_or_404(
        Comment.objects.select_related("author", "article", "in_reply_to__author"), pk=comment_id
    )
    if article_ids is not None and found.article_id not in article_ids:
        raise Http404
    if request.method == "POST":
        if not services.is_editor(request.user):
            raise PermissionDenied
        what = request.POST.get("do")
        if what in ("pin", "unpin"):
            services.do_pin(request.user, found, what == "pin")
        elif what in ("staff", "unstaff"):
            services.do_mark_staff_reply(request.user, found, what == "staff")
        elif what == "reply":
            try:
                reply = services.do_post_comment(
                    request.user, found.article, request.POST.get("body", ""), parent=found
                )
            except (ValidationError, services.NotAllowed) as error:
                text = (
                    error.message
                    if isinstance(error, services.NotAllowed)
                    else " ".join(sum(error.message_dict.values(), []))
                )
                messages.error(request, text)
            else:
                services.do_mark_staff_reply(request.user, reply, True)
                messages.success(request, _("Your staff reply is published."))
        return redirect("comments_admin:comment", found.pk)
    _label_reasons([found])
    reports = found.reports.select_related("user").order_by("-created_at")
    log = found.log.select_related("actor").order_by("-created_at")[:50]
    return TemplateResponse(
        request,
        "comments/admin/comment.html",
        {
            "comment": found,
            "reports": reports,
            "log": log,
            "may_act": may_act,
            "is_editor": services.is_editor(request.user),
            "actions": ACTION_LABELS,
            "reason_labels": rules.REASON_LABELS,
            "next": request.get_full_path(),
        },
    )


def commenter(request, user_id):
    """One commenter: their comments, flag, bans and ban history."""
    _moderator(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        what = request.POST.get("do")
        try:
            if what == "ban":
                days = request.POST.get("days", "")
                services.do_ban(
                    request.user,
                    user,
                    request.POST.get("reason", ""),
                    days=int(days) if days.isdigit() and int(days) > 0 else None,
                    hide_comments=bool(request.POST.get("hide_comments")),
                )
                messages.success(request, _("The commenter is banned."))
            elif what in ("flag", "unflag"):
                services.do_flag_commenter(
                    request.user, user, what == "flag", request.POST.get("reason", "")
                )
                messages.success(request, _("Saved."))
        except ValidationError as error:
            messages.error(request, " ".join(sum(error.message_dict.values(), [])))
        return redirect("comments_admin:commenter", user.pk)
    comments = (
        Comment.objects.filter(author=user).select_related("article").order_by("-created_at")[:100]
    )
    return TemplateResponse(
        request,
        "comments/admin/commenter.html",
        {
            "subject": user,
            "name": public_name(user),
            "comments": comments,
            "bans": Ban.objects.filter(user=user).select_related("created_by", "lifted_by"),
            "active_ban": services.active_ban(user),
            "flag": Commenter.objects.filter(user=user).first(),
            "durations": [
                (1, _("1 day")),
                (7, _("7 days")),
                (30, _("30 days")),
                (0, _("For good")),
            ],
        },
    )


@require_POST
def lift_ban(request, ban_id):
    _moderator(request)
    ban = get_object_or_404(Ban, pk=ban_id)
    services.do_lift_ban(request.user, ban)
    messages.success(request, _("The ban is lifted."))
    return redirect(_back(request, reverse("comments_admin:commenter", args=[ban.user_id])))


def bans(request):
    _moderator(request)
    now = timezone.now()
    active = Ban.objects.filter(lifted_at=None).filter(Q(until=None) | Q(until__gt=now))
    history = Ban.objects.select_related("user", "created_by", "lifted_by")
    return TemplateResponse(
        request,
        "comments/admin/bans.html",
        {
            "active_ids": set(active.values_list("pk", flat=True)),
            "page_obj": Paginator(history, 50).get_page(request.GET.get("p")),
        },
    )


def article(request, page_id):
    """An article's comment settings: closed, pre-moderated."""
    _moderator(request)
    page = get_object_or_404(ArticlePage, pk=page_id)
    discussion = Discussion.objects.filter(article=page).first() or Discussion(article=page)
    if request.method == "POST":
        services.do_set_discussion(
            request.user,
            page,
            closed=bool(request.POST.get("closed")),
            premoderate=bool(request.POST.get("premoderate")),
        )
        messages.success(request, _("The article's comment settings are saved."))
        return redirect("comments_admin:article", page.pk)
    return TemplateResponse(
        request, "comments/admin/article.html", {"page": page, "discussion": discussion}
    )


def log(request):
    _moderator(request)
    entries = ModerationLog.objects.select_related("actor", "subject", "comment").order_by(
        "-created_at", "-pk"
    )
    return TemplateResponse(
        request,
        "comments/admin/log.html",
        {"page_obj": Paginator(entries, 100).get_page(request.GET.get("p"))},
    )
