"""Readers' side: the thread under an article (cached, the same for everyone), the
per-reader part (form, likes, own held comments), and the plain pages that work
without JavaScript (write, edit, delete, report, unsubscribe). Views parse and call
services; every write is a `services.do_*`."""

import types
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from masthead.articles.models import ArticlePage
from masthead.core import csrf, fragments, pagecache

from . import notifications, queries, services
from .forms import CommentForm, EditForm, ReportForm
from .models import Comment, CommentSettings, NotificationSettings, public_name

Status = Comment.Status


def reading_settings(request):
    """What the thread and the part need of the site's comment settings, from the
    fragments (`fragments.shared`: no query once read, no staff check, and this process's
    copy, so no cache round trip either). Saving the settings purges every page, which
    starts a new generation (signal_handlers.py)."""

    def load():
        loaded = CommentSettings.for_request(request)
        return {"who_may_post": loaded.who_may_post, "guidelines": loaded.guidelines}

    found = fragments.shared(request, "comment-settings", [request.get_host()], load)
    return types.SimpleNamespace(**found)


def _article(article_id):
    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        raise Http404
    return article


def _article_url(article, comment=None):
    url = article.url or "/"
    return f"{url}#comment-{comment.pk}" if comment is not None else f"{url}#comments"


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


# --- The cached thread -----------------------------------------------------------------


def render_thread(context):
    """Slot "article.comments": the article's comments, one fragment per order and page
    tagged `comments:<article id>` (a visible change bumps only it). Nothing per reader:
    the form is the plain one every reader gets; the part "comments" refines it."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, ArticlePage) or request is None:
        return ""
    order = queries.clean_order(request.GET.get(queries.ORDER_PARAM))
    number = queries.clean_page(request.GET.get(queries.PAGE_PARAM))
    comment_settings = reading_settings(request)

    def compute():
        discussion, page_obj = queries.thread_page(page.pk, order, number)
        return render_to_string(
            "comments/thread.html",
            {
                "article": page,
                "discussion": discussion,
                "page_obj": page_obj,
                "order": order,
                "orders": _order_links(page, order),
                "pages": _page_links(page, order, page_obj),
                "settings": comment_settings,
                "form": CommentForm(auto_id="id_comment_%s"),
                "write_url": reverse("comments:write", args=[page.pk]),
                "sign_in_url": _sign_in_url(page),
            },
        )

    return fragments.get_or_set(
        request,
        "comments.thread",
        [page.pk, order, number, comment_settings.who_may_post],
        compute,
        tags=[services.tag(page.pk)],
    )


def _sign_in_url(page):
    return f"{reverse('users:sign-in')}?{urlencode({'next': (page.url or '/') + '#comments'})}"


def _query(order, number):
    params = {}
    if order != queries.DEFAULT_ORDER:
        params[queries.ORDER_PARAM] = order
    if number != 1:
        params[queries.PAGE_PARAM] = number
    return ("?" + urlencode(params)) if params else "?"


def _order_links(page, current):
    labels = {"newest": _("Newest"), "oldest": _("Oldest"), "liked": _("Most liked")}
    return [
        {"label": labels[key], "url": _query(key, 1) + "#comments", "current": key == current}
        for key in queries.ORDERS
    ]


def _page_links(page, order, page_obj):
    if not page_obj.has_other_pages():
        return None
    links = {"pages": []}
    for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2):
        if number == page_obj.paginator.ELLIPSIS:
            links["pages"].append({"gap": True})
        else:
            links["pages"].append(
                {
                    "number": number,
                    "url": _query(order, number) + "#comments",
                    "current": number == page_obj.number,
                }
            )
    if page_obj.has_previous():
        links["previous"] = _query(order, page_obj.previous_page_number()) + "#comments"
    if page_obj.has_next():
        links["next"] = _query(order, page_obj.next_page_number()) + "#comments"
    return links


def render_card_count(context):
    """Slot "card.meta": an article card's comment count, from the Discussion row the
    card query selected with the article (articles.queries.cards): no query."""
    article = context.get("article")
    count = queries.card_count(article) if article is not None else 0
    if not count:
        return ""
    return render_to_string("comments/card_count.html", {"count": count})


# --- The per-reader part ---------------------------------------------------------------


def comments_part(request, context):
    """For a signed-in reader on an article: the form they may use (or why not), the
    comments they liked, their own comments still editable, and their held or rejected
    comments, which nobody else sees. At most four small queries (own comments, likes,
    the ban, the site's comment settings; membership is shared with the members parts)."""
    user = request.user
    article_id = context["page"]
    if article_id is None or not user.is_authenticated:
        return None
    own, liked = queries.own_and_liked(user, article_id)
    comment_settings = reading_settings(request)
    reason = None
    try:
        services.check_may_post(user, services.Discussion(article_id=article_id), comment_settings)
    except services.NotAllowed as refusal:
        reason = refusal
    pending = [c for c in own if c.status in (Status.HELD, Status.REJECTED)]
    editable = [c.pk for c in own if services.may_edit(user, c)]
    html = render_to_string(
        "comments/part.html",
        {
            "form": CommentForm(auto_id="id_comment_%s") if reason is None else None,
            "refusal": reason,
            "csrf_token": get_token(request),
            "write_url": reverse("comments:write", args=[article_id]),
            "name": public_name(user),
            "pending": pending,
            "settings": comment_settings,
        },
    )
    return {
        "html": html,
        "csrf": get_token(request),
        "liked": sorted(liked),
        "mine": editable,
        "may_post": reason is None,
    }


# --- Plain pages (work without JavaScript) -----------------------------------------------


def _write_page(request, article, form, status=200, notice=None, refusal=None, reply_to=None):
    own = queries.own_on_article(request.user, article.pk) if request.user.is_authenticated else []
    return render(
        request,
        "comments/write.html",
        {
            "article": article,
            "form": form,
            "notice": notice,
            "refusal": refusal,
            "reply_to": reply_to,
            "own": own,
            "editable": {c.pk for c in own if services.may_edit(request.user, c)},
            "sign_in_url": _sign_in_url(article),
            "article_url": _article_url(article),
        },
        status=status,
    )


@csrf.reader_form
@pagecache.per_reader
def write(request, article_id):
    """Write a comment or a reply: the form in the cached page posts here (without a
    token, accepted by origin: core/csrf.py), and so does the part's form."""
    article = _article(article_id)
    reply_to = None
    parent_id = request.POST.get("parent") or request.GET.get("reply_to")
    if parent_id:
        try:
            reply_to = Comment.objects.select_related("author").get(
                pk=int(parent_id), article=article, status=Status.VISIBLE
            )
        except (ValueError, Comment.DoesNotExist):
            reply_to = None
    if request.method != "POST":
        form = CommentForm(initial={"parent": reply_to.pk if reply_to else None})
        refusal = None
        try:
            services.check_may_post(
                request.user,
                services.discussion_for(article.pk),
                CommentSettings.for_request(request),
            )
        except services.NotAllowed as error:
            refusal = error
        return _write_page(request, article, form, refusal=refusal, reply_to=reply_to)
    form = CommentForm(request.POST)
    if getattr(request, "reader_form_needs_token", False):
        form.is_valid()
        return _write_page(
            request,
            article,
            form,
            notice=_(
                "Please send your comment again: your browser did not say where it came from."
            ),
            reply_to=reply_to,
        )
    if not form.is_valid():
        return _write_page(request, article, form, status=400, reply_to=reply_to)
    if form.is_spam():
        # A bot filled the honeypot: answer as if posted, store nothing.
        return redirect(_article_url(article))
    try:
        comment = services.do_post_comment(
            request.user,
            article,
            form.cleaned_data["body"],
            parent=reply_to,
            notify=form.cleaned_data["notify"] or None,
            comment_settings=CommentSettings.for_request(request),
        )
    except services.NotAllowed as refusal:
        if refusal.code == "sign_in":
            return redirect_to_login(request.get_full_path(), reverse("users:sign-in"))
        return _write_page(request, article, form, status=403, refusal=refusal, reply_to=reply_to)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else "body", messages)
        return _write_page(request, article, form, status=400, reply_to=reply_to)
    if comment.status == Status.HELD:
        return _write_page(
            request,
            article,
            CommentForm(),
            notice=_(
                "Thank you. Your comment is awaiting review; only you can see it until a moderator approves it."
            ),
        )
    return redirect(_article_url(article, comment))


def _own_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    if not request.user.is_authenticated:
        return None
    return comment


@pagecache.per_reader
def edit(request, comment_id):
    comment = _own_comment(request, comment_id)
    if comment is None:
        return redirect_to_login(request.get_full_path(), reverse("users:sign-in"))
    if not services.may_edit(request.user, comment):
        return render(
            request, "comments/edit.html", {"comment": comment, "too_late": True}, status=403
        )
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.do_edit_comment(request.user, comment, form.cleaned_data["body"])
        except services.NotAllowed as refusal:
            return render(
                request, "comments/edit.html", {"comment": comment, "refusal": refusal}, status=403
            )
        except ValidationError as error:
            for messages in error.message_dict.values():
                form.add_error("body", messages)
        else:
            if _wants_json(request):
                return JsonResponse({"ok": True, "html": comment.html, "status": comment.status})
            return redirect(
                reverse("comments:write", args=[comment.article_id])
                if comment.status == Status.HELD
                else _article_url(comment.article, comment)
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "comments/edit.html", {"comment": comment, "form": form}, status=status)


@pagecache.per_reader
@require_POST
def delete(request, comment_id):
    comment = _own_comment(request, comment_id)
    if comment is None:
        return redirect_to_login(request.get_full_path(), reverse("users:sign-in"))
    try:
        services.do_delete_own_comment(request.user, comment)
    except services.NotAllowed as refusal:
        return HttpResponse(refusal.message, status=403, content_type="text/plain")
    if _wants_json(request):
        return JsonResponse({"ok": True})
    return redirect(_article_url(comment.article))


@pagecache.per_reader
@require_POST
def like(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    want = {"1": True, "0": False}.get(request.POST.get("like"))
    try:
        liked, count = services.do_toggle_like(request.user, comment, want)
    except services.NotAllowed as refusal:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": refusal.message}, status=403)
        return HttpResponse(refusal.message, status=403, content_type="text/plain")
    if _wants_json(request):
        return JsonResponse({"ok": True, "liked": liked, "count": count})
    return redirect(_article_url(comment.article, comment))


@pagecache.per_reader
def report(request, comment_id):
    comment = get_object_or_404(
        Comment.objects.select_related("article", "author"), pk=comment_id, status=Status.VISIBLE
    )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("users:sign-in"))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_report(
                request.user, comment, form.cleaned_data["reason"], form.cleaned_data["note"]
            )
        except services.NotAllowed as refusal:
            return render(
                request,
                "comments/report.html",
                {"comment": comment, "refusal": refusal},
                status=403,
            )
        if _wants_json(request):
            return JsonResponse({"ok": True})
        return render(request, "comments/report.html", {"comment": comment, "done": True})
    status = 400 if request.method == "POST" else 200
    return render(
        request, "comments/report.html", {"comment": comment, "form": form}, status=status
    )


@pagecache.per_reader
@require_POST
def notification_choices(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("users:account"), reverse("users:sign-in"))
    services.do_set_notifications(
        request.user,
        replies=bool(request.POST.get("replies")),
        staff_replies=bool(request.POST.get("staff_replies")),
    )
    return redirect(reverse("users:account") + "#comment-emails")


# RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link with no
# cookie and no token; the signed link is the authority. A GET only shows a button.
@csrf_exempt
@pagecache.per_reader
def unsubscribe(request, token):
    try:
        user_id, kind = notifications.read_unsubscribe(token)
    except notifications.BadToken:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.do_unsubscribe(user_id, kind)
        return render(request, "comments/unsubscribe.html", {"done": True, "kind": kind})
    return render(request, "comments/unsubscribe.html", {"kind": kind})


def account_section(request):
    """The account page's "Comment emails" choices."""
    if not request.user.is_authenticated:
        return ""
    choice = NotificationSettings.objects.filter(user=request.user).first()
    return render_to_string(
        "comments/account.html",
        {"choice": choice, "action": reverse("comments:notifications")},
        request=request,
    )


def reader_data(user):
    return [
        {
            "article": comment.article_id,
            "created_at": comment.created_at.isoformat(),
            "status": comment.status,
            "body": comment.body,
        }
        for comment in Comment.objects.filter(author=user).order_by("created_at")
    ]
