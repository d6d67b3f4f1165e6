"""DKIM signing for direct SMTP (a provider through anymail signs for you).

    NEWSLETTER_EMAIL_BACKEND = "masthead.newsletters.backends.DKIMEmailBackend"
    NEWSLETTER_DKIM_DOMAIN = "example.org"      # d=, the From domain (DMARC alignment)
    NEWSLETTER_DKIM_SELECTOR = "news2026"       # s=, TXT at news2026._domainkey.example.org
    NEWSLETTER_DKIM_PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----..."  # from the env

The signature covers the List-Unsubscribe headers, which Gmail and Yahoo require for
one-click unsubscribe (RFC 8058 §4). docs/email.md has the DNS side.
"""

import smtplib

import dkim
from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address

SIGNED_HEADERS = [
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"reply-to",
    b"mime-version",
    b"content-type",
    b"list-id",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
]


def sign(raw):
    """`raw` (bytes, CRLF) with a DKIM-Signature header prepended."""
    key = settings.NEWSLETTER_DKIM_PRIVATE_KEY
    present = {
        line.split(b":", 1)[0].strip().lower()
        for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n")
        if b":" in line
    }
    signature = dkim.sign(
        raw,
        settings.NEWSLETTER_DKIM_SELECTOR.encode(),
        settings.NEWSLETTER_DKIM_DOMAIN.encode(),
        key.encode() if isinstance(key, str) else key,
        include_headers=[h for h in SIGNED_HEADERS if h in present],
    )
    return signature + raw


class DKIMEmailBackend(EmailBackend):
    def sign_raw(self, raw):
        """The send's fast path (transports.SMTPTransport) signs the bytes it built."""
        return sign(raw)

    def _send(self, email_message):
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(addr, encoding) for addr in email_message.recipients()]
        raw = sign(email_message.message().as_bytes(linesep="\r\n"))
        try:
            self.connection.sendmail(from_email, recipients, raw)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
