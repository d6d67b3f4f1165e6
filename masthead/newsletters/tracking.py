"""Bounces and complaints from the email provider, through anymail's tracking signal
(anymail verifies each webhook's signature or basic auth before it sends the signal).

A hard bounce suppresses the address; a complaint unsubscribes it from everything."""

import logging

from anymail.signals import tracking

from . import services
from .models import Suppression

logger = logging.getLogger(__name__)

HARD_BOUNCE_REASONS = {"bounced", "invalid", "rejected"}


def handle_tracking(sender, event, esp_name, **kwargs):
    email = event.recipient
    if not email:
        return
    if event.event_type == "complained":
        services.do_suppress(email, Suppression.Reason.COMPLAINT, f"{esp_name}: complaint")
    elif event.event_type == "bounced" or (
        event.event_type == "rejected" and event.reject_reason in HARD_BOUNCE_REASONS
    ):
        services.do_suppress(
            email,
            Suppression.Reason.HARD_BOUNCE,
            f"{esp_name}: {event.reject_reason or 'bounced'} {event.description or ''}".strip(),
        )


def connect():
    tracking.connect(handle_tracking, dispatch_uid="newsletters-anymail-tracking")
