"""Confirmation and welcome emails (one recipient each; the sends are in sending.py)."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from . import emails, tokens
from .models import Newsletter, Subscriber, Subscription

logger = logging.getLogger(__name__)


def send_confirmation(subscriber_id, newsletter_ids):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    newsletters = list(Newsletter.objects.filter(pk__in=newsletter_ids))
    if subscriber is None or not newsletters:
        return
    token = tokens.make_confirm(subscriber.pk, [n.pk for n in newsletters])
    context = {
        "subscriber": subscriber,
        "newsletters": newsletters,
        "confirm_url": emails.absolute(reverse("newsletters:confirm", args=[token])),
        "outlet": emails.outlet_name(),
    }
    text, html = emails.render("confirm", context)
    first = newsletters[0]
    subject = emails.outlet_name() + ": " + _("Please confirm your subscription")
    emails.message(
        subject=subject,
        text=text,
        html=html,
        to=subscriber.email,
        from_email=first.from_email if len(newsletters) == 1 else settings.DEFAULT_FROM_EMAIL,
        reply_to=first.reply_to or None,
    ).send()


def send_welcome(subscription_id):
    sub = (
        Subscription.objects.filter(pk=subscription_id, status=Subscription.Status.CONFIRMED)
        .select_related("subscriber", "newsletter")
        .first()
    )
    if sub is None or not sub.newsletter.welcome_subject:
        return
    newsletter = sub.newsletter
    headers, links = emails.list_headers(sub.subscriber_id, newsletter)
    context = {
        "newsletter": newsletter,
        "subscriber": sub.subscriber,
        "paragraphs": [p.strip() for p in newsletter.welcome_body.split("\n\n") if p.strip()],
        "outlet": emails.outlet_name(),
        **links,
    }
    text, html = emails.render("welcome", context)
    emails.message(
        subject=newsletter.welcome_subject,
        text=text,
        html=html,
        to=sub.subscriber.email,
        from_email=newsletter.from_email,
        reply_to=newsletter.reply_to or None,
        headers=headers,
        connection=emails.list_connection(),
    ).send()
