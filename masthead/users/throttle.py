"""Sign-in throttling (django-axes): whose attempt it is, and the answer to a refused one."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, credentials=None, *args, **kwargs):
    """429 with the same words whether or not the email belongs to an account."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "users/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response


def login_name(request, credentials=None):
    """The email an attempt was for (AXES_USERNAME_CALLABLE). Django passes it to the
    backends as `email` (the user model's USERNAME_FIELD), the admin's form posts it as
    `username`; lower-cased as the user model stores it, so case cannot dodge the count."""
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username") or request.POST.get("username")
    return (name or "").strip().lower() or None
