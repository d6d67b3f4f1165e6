"""DKIM signing for direct SMTP covers the List-Unsubscribe headers and verifies."""

import base64
import re
import shutil
import subprocess

import dkim
import pytest
from django.core.mail import get_connection

from masthead.newsletters import backends, emails

from .factories import NewsletterFactory
from .smtp import SMTPServer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("openssl"), reason="openssl makes the test key"),
]


@pytest.fixture
def key_pair(tmp_path):
    private = tmp_path / "dkim.pem"
    openssl = shutil.which("openssl")
    subprocess.run(  # noqa: S603 - fixed arguments
        [openssl, "genrsa", "-traditional", "-out", str(private), "2048"],
        check=True,
        capture_output=True,
    )
    public = subprocess.run(  # noqa: S603
        [openssl, "rsa", "-in", str(private), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    return private.read_text(), base64.b64encode(public).decode()


def test_list_mail_is_signed_over_the_unsubscribe_headers(settings, key_pair):
    private, public = key_pair
    settings.NEWSLETTER_DKIM_DOMAIN = "example.org"
    settings.NEWSLETTER_DKIM_SELECTOR = "news"
    settings.NEWSLETTER_DKIM_PRIVATE_KEY = private
    newsletter = NewsletterFactory()
    with SMTPServer() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        connection = get_connection("masthead.newsletters.backends.DKIMEmailBackend")
        headers, _ = emails.list_headers(7, newsletter)
        emails.message(
            subject="Signed",
            text="Hello",
            html="<p>Hello</p>",
            to="r@example.net",
            from_email=newsletter.from_email,
            headers=headers,
            connection=connection,
        ).send()
        ((rcpt, message),) = server.recorder.messages
    raw = message.as_bytes()
    signature = message["DKIM-Signature"]
    signed = re.search(r"h=([^;]+)", signature.replace("\r\n", "").replace(" ", "")).group(1)
    assert {"list-unsubscribe", "list-unsubscribe-post", "from"} <= set(signed.lower().split(":"))

    assert raw.startswith(b"DKIM-Signature:")

    # The signature verifies against the public key published in DNS (checked on the
    # bytes the backend hands to SMTP: the test server rewrites line endings).
    def dns(name, timeout=5):
        assert name == b"news._domainkey.example.org."
        return f"v=DKIM1; k=rsa; p={public}".encode()

    unsigned = (
        emails.message(
            subject="Signed",
            text="Hello",
            html="<p>Hello</p>",
            to="r@example.net",
            from_email=newsletter.from_email,
            headers=headers,
        )
        .message()
        .as_bytes(linesep="\r\n")
    )
    signed_bytes = backends.sign(unsigned)
    assert dkim.verify(signed_bytes, dnsfunc=dns)
    tampered = signed_bytes.replace(
        b"List-Unsubscribe-Post: List-Unsubscribe=One-Click", b"List-Unsubscribe-Post: x"
    )
    assert not dkim.verify(tampered, dnsfunc=dns)
