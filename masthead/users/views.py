"""Reader accounts: sign-in by emailed link, the account page, data and deletion.

Every view here is per reader: the paths sit under /account/ in PAGE_CACHE_EXCLUDE
and the responses say private, no-store.
"""

import json

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from masthead.core import ratelimit

from . import account as account_registry
from . import services
from .forms import DisplayNameForm, SignInForm


def safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("users:account")


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.method == "POST":
        form = SignInForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            if not services.check_sign_in_allowed(email, ratelimit.client_ip(request)):
                return render(
                    request, "users/sign_in.html", {"form": form, "limited": True}, status=429
                )
            services.do_request_sign_in_link(email, safe_next(request, form.cleaned_data["next"]))
            # The same answer whether or not the address has an account.
            return render(request, "users/sign_in_sent.html", {"email": email})
        return render(request, "users/sign_in.html", {"form": form}, status=400)
    form = SignInForm(initial={"next": request.GET.get("next", "")})
    return render(request, "users/sign_in.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_confirm(request):
    """GET shows a button; only the POST signs in, so a mail scanner that follows the
    link cannot spend it."""
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        try:
            user = services.do_confirm_sign_in(token)
        except services.InvalidLink:
            return render(request, "users/sign_in_invalid.html", status=400)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(next_url)
    return render(request, "users/sign_in_confirm.html", {"token": token or "", "next": next_url})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        return redirect("/")
    return render(request, "users/sign_out.html")


@never_cache
@login_required(login_url="users:sign-in")
@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = DisplayNameForm(request.POST)
        if form.is_valid():
            services.do_set_display_name(user, form.cleaned_data["display_name"])
            return redirect(reverse("users:account") + "?saved=1")
        status = 400
    else:
        form = DisplayNameForm(initial={"display_name": user.display_name})
    context = {
        "form": form,
        "saved": request.GET.get("saved") == "1",
        "sections": account_registry.sections(request),
        "deletion_sent": request.GET.get("deletion") == "sent",
    }
    return render(request, "users/account.html", context, status=status)


@never_cache
@login_required(login_url="users:sign-in")
def download_data(request):
    data = services.reader_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
@login_required(login_url="users:sign-in")
@require_http_methods(["GET", "POST"])
def delete_account(request):
    if request.method == "POST":
        services.do_request_account_deletion(request.user)
        return redirect(reverse("users:account") + "?deletion=sent")
    return render(request, "users/delete.html")


@never_cache
@require_http_methods(["GET", "POST"])
def delete_account_confirm(request):
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    try:
        user = services.user_for_deletion_token(token)
    except services.InvalidLink:
        return render(request, "users/delete_invalid.html", status=400)
    if request.method == "POST":
        services.do_delete_account(user)
        logout(request)
        return render(request, "users/deleted.html")
    return render(request, "users/delete_confirm.html", {"token": token})


def account_part(request, context):
    """The per-reader "account" part for a signed-in reader: who they are, their account
    and a sign-out button. Nothing for an anonymous reader: the header's plain "Sign in"
    link (the part's fallback) stays."""
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string

    user = request.user
    if not user.is_authenticated:
        return None
    html = render_to_string(
        "users/parts/account.html",
        {"email": user.email, "csrf_token": get_token(request)},
    )
    return {"html": html, "email": user.email}
