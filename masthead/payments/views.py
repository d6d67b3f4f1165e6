"""Checkout's landing pages, the billing portal and the Stripe webhook. Thin: each
parses and checks, then calls services."""

import json
import logging

import stripe
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from masthead.members.models import Membership

from . import donations, services, stripe_api
from .models import CheckoutSession, Customer, StripeEvent

logger = logging.getLogger(__name__)


@csrf_exempt  # Stripe signs the payload instead
@require_POST
def webhook(request):
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return HttpResponse("webhooks are not set up", status=503)
    try:
        # Only the signature check: construct_event would also build a StripeObject tree
        # of the payload, which we do not use (a millisecond per event on the bench).
        stripe.WebhookSignature.verify_header(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            secret,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE,
        )
        event = json.loads(request.body)
        if not isinstance(event, dict) or not {"id", "type", "created", "data"} <= event.keys():
            raise ValueError("not an event")
    except (ValueError, stripe.SignatureVerificationError):
        # Rejected before anything touches the database.
        return HttpResponseBadRequest("bad signature or payload")
    row = services.do_receive_event(event)
    if row.status == StripeEvent.Status.FAILED:
        return HttpResponse("handler failed; retry", status=500)
    return HttpResponse("ok")


@never_cache
def success(request):
    """Honest about timing: "payment received, activating…" until the membership is
    active (the webhook, or this page's own check with Stripe, grants it)."""
    session_id = request.GET.get("session_id", "")
    checkout = CheckoutSession.objects.filter(stripe_id=session_id).first()
    if checkout is None:
        return render(request, "payments/success.html", {"unknown": True}, status=404)
    membership = _membership_for(checkout)
    if (membership is None or not membership.is_entitled) and stripe_api.is_configured():
        try:
            services.do_confirm_checkout(session_id)
        except Exception:  # Stripe unreachable: the webhook will still grant it
            logger.warning("could not confirm checkout %s with Stripe", session_id, exc_info=True)
        checkout.refresh_from_db()
        membership = _membership_for(checkout)
    active = membership is not None and membership.is_entitled
    context = {"active": active, "membership": membership, "checkout": checkout}
    return render(request, "payments/success.html", context)


def _membership_for(checkout):
    if checkout.user_id is None:
        return None
    return (
        Membership.objects.filter(user_id=checkout.user_id).select_related("tier", "user").first()
    )


@never_cache
def cancel(request):
    return render(request, "payments/cancel.html")


@never_cache
@login_required
@require_POST
def billing(request):
    url = services.do_billing_portal_url(request.user, settings.SITE_URL + reverse("users:account"))
    if url is None:
        return redirect("users:account")
    return redirect(url)


def account_section(request):
    if not stripe_api.is_configured():
        return ""
    if not Customer.objects.filter(user=request.user).exists():
        return ""
    return render_to_string("payments/parts/billing.html", {}, request=request)


class CheckoutProvider:
    """What members' membership page calls to take a payment (members.checkout)."""

    @staticmethod
    def is_configured():
        return stripe_api.is_configured()

    @staticmethod
    def start(request, choice):
        return services.do_start_checkout(request, choice)

    @staticmethod
    def start_donation(request, choice):
        return donations.do_start_donation(request, choice)

    @staticmethod
    def start_gift(request, gift):
        return donations.do_start_gift(request, gift)
