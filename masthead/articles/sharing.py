"""Share links for an article: plain addresses of each network's own share page, so the
reader's browser sends nothing to any network until the reader follows one (no third-party
script, image or request on our pages).

Every shared address carries UTM parameters (`utm_source=<network>`, `utm_medium=social`,
`utm_campaign=share`) for analytics to read. "Copy link" and the Web Share API
(`static/articles/share.js`) add to the links where the browser has them.
"""

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext_lazy as _

UTM_MEDIUM = "social"
UTM_CAMPAIGN = "share"

# network -> (label, share page, its parameters from the shared address `url`, the
# headline `title`). Parameters are percent-encoded with %20 for spaces (mailto needs it).
NETWORKS = {
    "email": (_("Email"), "mailto:", lambda url, title: {"subject": title, "body": url}),
    "x": ("X", "https://x.com/intent/post", lambda url, title: {"url": url, "text": title}),
    "facebook": (
        "Facebook",
        "https://www.facebook.com/sharer/sharer.php",
        lambda url, _: {"u": url},
    ),
    "telegram": (
        "Telegram",
        "https://t.me/share/url",
        lambda url, title: {"url": url, "text": title},
    ),
    "whatsapp": ("WhatsApp", "https://wa.me/", lambda url, title: {"text": f"{title} {url}"}),
    "linkedin": (
        "LinkedIn",
        "https://www.linkedin.com/sharing/share-offsite/",
        lambda url, _: {"url": url},
    ),
}


def tracked(url, source):
    """`url` with the share campaign's UTM parameters for `source` (replacing any)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")]
    query += [("utm_source", source), ("utm_medium", UTM_MEDIUM), ("utm_campaign", UTM_CAMPAIGN)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def share_links(url, title):
    """[(network, label, href)] for an article at the absolute `url` with headline `title`."""
    links = []
    for network, (label, base, params) in NETWORKS.items():
        query = urlencode(params(tracked(url, network), title), quote_via=quote)
        links.append((network, label, f"{base}?{query}"))
    return links
