"""The donate page, buying a gift membership and redeeming one. Thin: each view checks
its form, then calls the checkout provider or members' services. All per reader (their
forms carry a CSRF token; never_cache keeps them out of the page cache)."""

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from masthead.core import attribution, csrf, pagecache, ratelimit
from masthead.users import services as users

from . import campaigns, checkout, gifts, queries
from .funding_forms import DonationForm, GiftForm
from .models import Gift, format_amount


def _funding_context(request):
    return {
        "meters": campaigns.render_meters(request),
        "payments_ready": checkout.provider() is not None,
    }


@never_cache
@pagecache.per_reader
@csrf.reader_form
@require_http_methods(["GET", "POST"])
def donate(request):
    """One-off or monthly, any amount above the minimum, in the site's currencies. The
    membership page's donation form is a reader form of a cached page (no token: the
    browser's origin check passes it); a browser that names no origin gets this page
    back, with its figures kept and a token."""
    provider = checkout.provider()
    form = DonationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "reader_form_needs_token", False):
            status = 403
        elif provider is None:
            status = 503
        elif form.is_valid():
            data = form.cleaned_data
            choice = checkout.Donation(
                amount=data["minor"],
                currency=data["currency"],
                monthly=data["frequency"] == "month",
                source=attribution.from_request(request),
            )
            return redirect(provider.start_donation(request, choice))
        else:
            status = 400
    context = {"form": form, **_funding_context(request)}
    return render(request, "members/funding/donate.html", context, status=status)


@never_cache
@pagecache.per_reader
def donate_thanks(request):
    return render(request, "members/funding/donate_thanks.html")


@never_cache
@require_http_methods(["GET", "POST"])
def gift(request):
    """Buy a gift membership: no account needed; paid once, in payment mode."""
    provider = checkout.provider()
    form = GiftForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if provider is None:
            status = 503
        elif form.is_valid():
            data = form.cleaned_data
            created = gifts.do_create_gift(
                tier=data["tier"],
                months=data["months"],
                recipient_name=data["recipient_name"],
                recipient_email=data["recipient_email"],
                message=data["message"],
                delivery=data["delivery"],
                deliver_on=data["deliver_on"],
                buyer_name=data["buyer_name"],
                buyer_email=data["buyer_email"],
                source=attribution.from_request(request),
            )
            return redirect(provider.start_gift(request, created))
        else:
            status = 400
    tiers = queries.offered_tiers()
    offers = [{"tier": tier, "terms": terms} for tier in tiers if (terms := _terms(tier))]
    context = {"form": form, "offers": offers, **_funding_context(request)}
    return render(request, "members/funding/gift.html", context, status=status)


def _terms(tier):
    currency = settings.MEMBERS_CURRENCY
    prices = [(months, gifts.price_for(tier, months, currency)) for months in Gift.TERMS]
    return [(months, format_amount(price, currency)) for months, price in prices if price]


@never_cache
def gift_thanks(request):
    session_id = request.GET.get("session_id", "")
    found = Gift.objects.filter(checkout_session_id=session_id).select_related("tier").first()
    if not session_id or found is None:
        return render(request, "members/funding/gift_thanks.html", {"unknown": True}, status=404)
    context = {"gift": found, "redeem_url": gifts.redeem_url(found)}
    return render(request, "members/funding/gift_thanks.html", context)


def _user_for(email):
    User = get_user_model()
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    try:
        with transaction.atomic():
            return User.objects.create_user(email), True
    except IntegrityError:
        return User.objects.get(email=email), False


@never_cache
@require_http_methods(["GET", "POST"])
def gift_redeem(request, code):
    """GET shows the gift and a button; only the POST redeems (a mail scanner following
    the link spends nothing). A signed-in reader redeems for themselves; anyone else
    gives an address: a new account is made for it, and signed in when it is the address
    the gift was emailed to (the link proves they read that mailbox); an existing
    account gets its membership and a sign-in link by email."""
    found = Gift.objects.filter(code=code).select_related("tier").first()
    if found is None:
        raise Http404
    context = {"gift": found, "error": None}
    if request.method == "GET":
        return render(request, "members/funding/gift_redeem.html", context)
    if not ratelimit.hit(f"gift-redeem:{ratelimit.client_ip(request)}", 20, 3600):
        context["error"] = _("Too many attempts. Please try again later.")
        return render(request, "members/funding/gift_redeem.html", context, status=429)
    signed_in = request.user.is_authenticated
    if signed_in:
        user, new = request.user, False
    else:
        email = (request.POST.get("email") or "").strip().lower()
        try:
            validate_email(email)
        except Exception:
            context["error"] = _("Enter a valid email address.")
            context["email"] = email
            return render(request, "members/funding/gift_redeem.html", context, status=400)
        user, new = _user_for(email)
    try:
        redeemed, _created = gifts.do_redeem(code, user)
    except gifts.GiftError as error:
        context["error"] = str(error)
        return render(request, "members/funding/gift_redeem.html", context, status=409)
    link_sent = False
    if not signed_in:
        proven = (
            new
            and redeemed.delivery == Gift.Delivery.EMAIL
            and redeemed.recipient_email == user.email.lower()
        )
        if proven:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        else:
            users.do_request_sign_in_link(user.email, "/account/")
            link_sent = True
    context = {
        "gift": redeemed,
        "redeemed_for": user.email,
        "link_sent": link_sent,
        "site_url": settings.SITE_URL,
    }
    return render(request, "members/funding/gift_redeemed.html", context)
