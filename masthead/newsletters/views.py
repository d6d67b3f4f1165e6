"""Reader-facing views: signup, confirmation, preferences, unsubscribe, the archive.

CSRF. The signup form sits in pages cached for every reader, so it cannot carry a
per-reader token in its HTML: it is a reader form (`core/csrf.reader_form`). With
JavaScript, reader.js fills in a token; without, the browser's Sec-Fetch-Site, Origin or
Referer must name this site, and a browser that sends none of them gets the form back
with a token to send again. A forged signup could at worst send one capped
confirmation email: nothing is subscribed without the owner's click (double opt-in).

Token views (confirm, preferences, unsubscribe) are exempt too: the signed token in the
URL is the authority, which an attacker does not have; RFC 8058 one-click unsubscribe
POSTs come from mail providers with no cookies at all.
"""

import logging
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.core import attribution, csrf, ratelimit

from . import audiences, conf, queries, rendering, services, tokens
from .forms import SignupForm
from .models import Delivery, Issue, Newsletter, Subscriber, email_hash

logger = logging.getLogger(__name__)

SENT_MESSAGE = gettext_lazy("We've sent you a confirmation email")


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _is_member(request):
    """Whether the signed-in reader is a member (through the registered audience)."""
    return (
        request.user.is_authenticated
        and audiences.available("members")
        and audiences.user_ids("members").filter(user_id=request.user.pk).exists()
    )


def _allowed_lists(request, newsletters):
    """Members-only lists only for a signed-in member."""
    members_only = [n for n in newsletters if n.access == Newsletter.Access.MEMBERS]
    if not members_only or _is_member(request):
        return newsletters
    return [n for n in newsletters if n not in members_only]


def _signup_error(request, form, status, csrf_needed=False):
    if _wants_json(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=status)
    return render(
        request,
        "newsletters/signup_page.html",
        {"form": form, "csrf_needed": csrf_needed},
        status=status,
    )


RESEND = gettext_lazy(
    "You are not signed up yet: your browser did not say which site the form came from. "
    "Please check your address and send it again."
)


@csrf.reader_form
@require_POST
def subscribe(request):
    offered = queries.public_newsletters()
    form = SignupForm(request.POST, newsletters=offered)
    if getattr(request, "reader_form_needs_token", False):
        # Nothing recorded (core/csrf.py): the form comes back with a token.
        form.is_valid()
        form.add_error(None, RESEND)
        return _signup_error(request, form, 200, csrf_needed=True)
    window = conf.get("NEWSLETTER_SIGNUP_WINDOW")
    if not ratelimit.hit(
        f"nl-signup-ip:{ratelimit.client_ip(request)}",
        conf.get("NEWSLETTER_SIGNUP_IP_LIMIT"),
        window,
    ):
        form.is_valid()
        form.add_error(None, _("Too many signups from your network. Please try again later."))
        return _signup_error(request, form, 429)
    if not form.is_valid():
        return _signup_error(request, form, 400)
    email = form.cleaned_data["email"]
    lists = _allowed_lists(request, list(form.cleaned_data["lists"]))
    per_address = ratelimit.hit(
        f"nl-signup-email:{email_hash(email)}", conf.get("NEWSLETTER_SIGNUP_EMAIL_LIMIT"), window
    )
    # The same answer in every case below, so no one learns whether an address is known.
    if form.is_spam():
        logger.info("newsletter signup honeypot filled; dropped")
    elif not per_address:
        logger.info("newsletter signup: per-address limit reached; dropped")
    elif lists:
        services.do_signup(
            email,
            lists,
            name=form.cleaned_data["name"],
            source=f"form:{urlsplit(request.headers.get('Referer', '')).path or '?'}",
            user=request.user if request.user.is_authenticated else None,
            attribution_source=attribution.from_request(request),
        )
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": str(SENT_MESSAGE)})
    return redirect("newsletters:check_email", permanent=False)


def check_email(request):
    return render(request, "newsletters/check_email.html")


def _bad_link(request, status=400):
    return render(request, "newsletters/bad_link.html", status=status)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only its POST confirms (link scanners only GET)."""
    try:
        subscriber_id, newsletter_ids = tokens.read_confirm(token)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method == "GET":
        newsletters = services.newsletters_by_ids(newsletter_ids)
        return render(request, "newsletters/confirm.html", {"newsletters": newsletters})
    try:
        subscriber, confirmed = services.do_confirm(subscriber_id, newsletter_ids)
    except Subscriber.DoesNotExist:
        return _bad_link(request)
    return render(
        request,
        "newsletters/subscribed.html",
        {
            "newsletters": confirmed,
            "manage_url": _manage_path(subscriber.pk),
        },
    )


def _manage_path(subscriber_id):
    return reverse("newsletters:manage", args=[tokens.make_manage(subscriber_id)])


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks; POST (the page's button, or a mail provider's RFC 8058 one-click POST
    with no cookies) unsubscribes at once. A bad token changes nothing and says so."""
    try:
        subscriber_id, newsletter_id = tokens.read_unsubscribe(token)
        subscriber = Subscriber.objects.get(pk=subscriber_id)
        newsletter = Newsletter.objects.get(pk=newsletter_id) if newsletter_id else None
    except (tokens.BadToken, ValueError, Subscriber.DoesNotExist, Newsletter.DoesNotExist):
        return _bad_link(request)
    context = {"newsletter": newsletter, "manage_url": _manage_path(subscriber.pk)}
    if request.method == "GET":
        return render(request, "newsletters/unsubscribe.html", context)
    services.do_unsubscribe(subscriber.pk, newsletter_id)
    return render(request, "newsletters/unsubscribed.html", context)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The preference page: tick the lists to keep, or leave them all."""
    try:
        subscriber = Subscriber.objects.get(pk=tokens.read_manage(token))
    except (tokens.BadToken, ValueError, Subscriber.DoesNotExist):
        return _bad_link(request)
    choices = queries.choices_for(subscriber)
    newsletters = [n for n, _ in choices]
    subscribed = {n.pk for n, checked in choices if checked}
    saved = False
    if request.method == "POST":
        if "leave_all" in request.POST:
            services.do_unsubscribe(subscriber.pk, None)
            subscribed, saved = set(), True
        else:
            wanted_ids = {int(v) for v in request.POST.getlist("lists") if v.isdigit()}
            wanted = [n for n in newsletters if n.pk in wanted_ids]
            services.do_set_preferences(subscriber.pk, wanted)
            subscribed, saved = {n.pk for n in wanted}, True
    return render(
        request,
        "newsletters/manage.html",
        {
            "subscriber": subscriber,
            "choices": [(n, n.pk in subscribed) for n in newsletters],
            "saved": saved,
        },
    )


def archive(request, slug):
    newsletter = get_object_or_404(Newsletter, slug=slug, active=True)
    issues = queries.sent_issues(newsletter, limit=100)
    return render(request, "newsletters/archive.html", {"newsletter": newsletter, "issues": issues})


def issue_page(request, slug, pk):
    issue = get_object_or_404(
        Issue.objects.select_related("newsletter"),
        pk=pk,
        newsletter__slug=slug,
        status=Issue.Status.SENT,
    )
    if issue.newsletter.access != Newsletter.Access.PUBLIC:
        raise Http404
    return render(
        request,
        "newsletters/issue_page.html",
        {"issue": issue, "newsletter": issue.newsletter, **rendering.issue_context(issue)},
    )


def archive_feed(request, slug):
    newsletter = get_object_or_404(Newsletter, slug=slug, active=True)
    return rendering.archive_feed(request, newsletter)


# --- the account page (users.account's registry) ---------------------------------------


def account_section(request):
    """The signed-in reader's newsletters on their account page (per reader, uncached)."""
    if not request.user.is_authenticated:
        return ""
    subscriber = queries.subscriber_for_user(request.user)
    return render_to_string(
        "newsletters/parts/account.html",
        {
            "choices": queries.choices_for(subscriber, member=_is_member(request)),
            "saved": request.GET.get("newsletters") == "saved",
        },
        request=request,
    )


@login_required(login_url="users:sign-in")
@require_POST
def account_newsletters(request):
    """The account page's form: keep exactly the ticked lists. The address is the
    account's, proven by signing in, so no second confirmation is asked."""
    subscriber = queries.subscriber_for_user(request.user)
    offered = [n for n, _ in queries.choices_for(subscriber, member=_is_member(request))]
    wanted_ids = {int(v) for v in request.POST.getlist("lists") if v.isdigit()}
    wanted = _allowed_lists(request, [n for n in offered if n.pk in wanted_ids])
    services.do_set_account_newsletters(request.user, wanted)
    return redirect(reverse("users:account") + "?newsletters=saved")


def reader_data(user):
    """ "Download my data": the reader's subscriptions and what was sent to them."""
    subscriber = queries.subscriber_for_user(user)
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "since": subscriber.created_at.isoformat(),
        "subscriptions": [
            {
                "newsletter": sub.newsletter.name,
                "status": sub.status,
                "consent": sub.consent_source,
                "confirmed_at": sub.confirmed_at.isoformat() if sub.confirmed_at else None,
                "unsubscribed_at": sub.unsubscribed_at.isoformat() if sub.unsubscribed_at else None,
            }
            for sub in queries.subscriptions_of(subscriber).values()
        ],
        "issues_sent": list(
            Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.SENT)
            .order_by("sent_at")
            .values_list("issue__subject", flat=True)[:1000]
        ),
    }
