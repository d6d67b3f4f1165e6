"""Building list emails: rendered templates with the CSS inlined, a plain-text part,
absolute URLs, and the headers every list email carries (RFC 2369 List-Unsubscribe with
an https and a mailto address, RFC 8058 one-click)."""

from email.utils import make_msgid
from functools import lru_cache
from urllib.parse import quote, urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import conf, tokens


def absolute(path):
    return settings.SITE_URL + path


def site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def unsubscribe_url(subscriber_id, newsletter_id):
    token = tokens.make_unsubscribe(subscriber_id, newsletter_id)
    return absolute(reverse("newsletters:unsubscribe", args=[token])), token


def manage_url(subscriber_id):
    return absolute(reverse("newsletters:manage", args=[tokens.make_manage(subscriber_id)]))


def unsubscribe_mailto():
    return conf.get("NEWSLETTER_UNSUBSCRIBE_MAILTO") or f"unsubscribe@{site_host()}"


def list_headers(subscriber_id, newsletter):
    """The headers of one recipient's copy of a list email, and its two links."""
    url, token = unsubscribe_url(subscriber_id, newsletter.pk)
    mailto = f"mailto:{unsubscribe_mailto()}?subject={quote('unsubscribe ' + token)}"
    headers = {
        "List-Unsubscribe": f"<{url}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": list_id(newsletter),
    }
    return headers, {"unsubscribe_url": url, "manage_url": manage_url(subscriber_id)}


def list_id(newsletter):
    return f"{newsletter.name} <{newsletter.slug}.{site_host()}>"


@lru_cache(maxsize=1)
def _inliner():
    return css_inline.CSSInliner(keep_style_tags=True)


def inline_css(html):
    """Styles inlined for clients that drop <style>; the tag stays for media queries."""
    return _inliner().inline(html)


def render(template, context):
    """(text, html) of templates/newsletters/email/<template>.txt and .html."""
    context = {"site_url": settings.SITE_URL, "outlet": outlet_name(), **context}
    text = render_to_string(f"newsletters/email/{template}.txt", context)
    html = inline_css(render_to_string(f"newsletters/email/{template}.html", context))
    return text, html


def outlet_name():
    from wagtail.models import Site

    from masthead.core.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    return SiteSettings.for_site(site).outlet_name or site.site_name


def message(
    *,
    subject,
    text,
    html,
    to,
    from_email,
    reply_to=None,
    headers=None,
    connection=None,
    message_id=True,
):
    """An email of both parts to `to` (one address, or a list for a provider's batch
    call, which sets each recipient's own Message-ID: message_id=False)."""
    headers = dict(headers or {})
    if message_id:
        headers.setdefault("Message-ID", make_msgid(domain=site_host()))
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email,
        to=[to] if isinstance(to, str) else list(to),
        reply_to=[reply_to] if reply_to else None,
        headers=headers,
        connection=connection,
    )
    email.attach_alternative(html, "text/html")
    return email


def list_connection():
    """The connection list mail goes through: NEWSLETTER_EMAIL_BACKEND (an anymail
    backend, or masthead.newsletters.backends.DKIMEmailBackend), else EMAIL_BACKEND."""
    from django.core.mail import get_connection

    return get_connection(conf.get("NEWSLETTER_EMAIL_BACKEND") or None)
