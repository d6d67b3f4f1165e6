"""How a send's messages leave: the issue is rendered once, each recipient's copy is that
rendering with their own links and headers swapped in, and a transport sends a chunk of
copies over a connection it keeps open from chunk to chunk.

Three transports, chosen from the list connection (emails.list_connection):

* **SMTPTransport** for Django's SMTP backend and its subclasses (the default, and
  backends.DKIMEmailBackend). The message's bytes are built here from pre-encoded parts
  (headers once per send, the bodies quoted-printable per copy) and handed to smtplib
  on the backend's own connection (its TLS and login), reconnecting after
  NEWSLETTER_SMTP_MESSAGES_PER_CONNECTION messages or an error.
* **AnymailBatchTransport** for an anymail backend when NEWSLETTER_ANYMAIL_MERGE_FIELD
  names the provider's merge-field syntax: one API call per chunk, each recipient's
  links in `merge_data`, their List-Unsubscribe in `merge_headers`, their delivery row in
  `merge_metadata` (so tracking events can be matched), the provider's Message-ID back
  per recipient from `anymail_status`.
* **BackendTransport** for anything else (console, locmem, anymail one by one): one
  EmailMultiAlternatives per recipient, sent over the backend's open connection.

A transport's `send(rows, should_stop)` returns one Outcome per row it tried, in order,
and stops early (between messages) when `should_stop()` says so.
"""

import binascii
import logging
import smtplib
import uuid
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate

from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address

from . import conf, emails, rendering

logger = logging.getLogger(__name__)

CRLF = b"\r\n"


@dataclass
class Outcome:
    row_id: int
    sent: bool
    message_id: str = ""
    code: int = 0  # the SMTP reply code of a failure (5xx: permanent)
    detail: str = ""


class PreparedIssue:
    """The issue rendered once; `links(subscriber_id)` and `raw(...)` personalise it."""

    def __init__(self, issue):
        self.issue = issue
        self.newsletter = issue.newsletter
        self.text, self.html = rendering.render_issue(issue)
        self.host = emails.site_host()
        self.boundary = f"==masthead-{uuid.uuid4().hex}=="
        head = EmailMessage(policy=policy.SMTP)
        head["From"] = self.newsletter.from_email
        head["Subject"] = issue.subject
        if self.newsletter.reply_to:
            head["Reply-To"] = self.newsletter.reply_to
        head["List-Id"] = emails.list_id(self.newsletter)
        head["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        head["MIME-Version"] = "1.0"
        head["Content-Type"] = f'multipart/alternative; boundary="{self.boundary}"'
        self.common_headers = head.as_bytes().split(CRLF + CRLF, 1)[0] + CRLF  # no body
        self.envelope_from = sanitize_address(self.newsletter.sender_email, "utf-8")
        self.text_head = (
            b"--" + self.boundary.encode() + CRLF + b"Content-Type: text/plain; charset=utf-8"
            b"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        self.html_head = (
            CRLF + b"--" + self.boundary.encode() + CRLF + b"Content-Type: text/html; charset=utf-8"
            b"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        self.tail = CRLF + b"--" + self.boundary.encode() + b"--" + CRLF

    def message_id(self, claim, row_id):
        return f"<nl.{self.issue.pk}.{row_id}.{claim[:12]}@{self.host}>"

    def personalised(self, subscriber_id):
        headers, links = emails.list_headers(subscriber_id, self.newsletter)
        text, html = rendering.personalise(self.text, self.html, links)
        return headers, links, text, html

    def raw(self, to, message_id, subscriber_id):
        """The bytes of one recipient's copy, CRLF line ends (smtplib dot-stuffs them)."""
        headers, _links, text, html = self.personalised(subscriber_id)
        return b"".join(
            [
                b"To: ",
                sanitize_address(to, "utf-8").encode(),
                CRLF,
                b"Date: ",
                formatdate().encode(),
                CRLF,
                b"Message-ID: ",
                message_id.encode(),
                CRLF,
                b"List-Unsubscribe: ",
                headers["List-Unsubscribe"].encode(),
                CRLF,
                self.common_headers,
                CRLF,
                self.text_head,
                _qp(text),
                self.html_head,
                _qp(html),
                self.tail,
            ]
        )


def _qp(text):
    """Quoted-printable with CRLF line ends (binascii is C: ~50 µs for a 20 KB issue)."""
    data = text.replace("\r\n", "\n").encode()
    return binascii.b2a_qp(data, istext=True).replace(b"\n", CRLF)


def _reply(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()), (451, b""))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, reply = error.smtp_code, error.smtp_error
    else:  # a lost connection, a timeout: try again later
        code, reply = 421, str(error)
    if isinstance(reply, bytes):
        reply = reply.decode(errors="replace")
    return code, f"{code} {reply}"


class SMTPTransport:
    """Raw bytes over the backend's smtplib connection, kept open between chunks."""

    def __init__(self, backend, prepared):
        self.backend = backend
        self.prepared = prepared
        self.sign = getattr(backend, "sign_raw", None)
        self.per_connection = conf.get("NEWSLETTER_SMTP_MESSAGES_PER_CONNECTION")
        self.on_connection = 0

    def _connection(self):
        if self.backend.connection is None or self.on_connection >= self.per_connection:
            self.close()
            self.backend.fail_silently = False
            self.backend.open()
        return self.backend.connection

    def send(self, rows, claim, should_stop):
        outcomes = []
        for row_id, subscriber_id, email in rows:
            if should_stop():
                break
            message_id = self.prepared.message_id(claim, row_id)
            raw = self.prepared.raw(email, message_id, subscriber_id)
            if self.sign is not None:
                raw = self.sign(raw)
            try:
                connection = self._connection()
                self.on_connection += 1
                connection.sendmail(
                    self.prepared.envelope_from, [sanitize_address(email, "utf-8")], raw
                )
            except (smtplib.SMTPException, OSError) as error:
                code, detail = _reply(error)
                if code < 500 and not isinstance(error, smtplib.SMTPRecipientsRefused):
                    self.close()  # the session may be in any state: start a fresh one
                outcomes.append(Outcome(row_id, False, code=code, detail=detail))
                continue
            outcomes.append(Outcome(row_id, True, message_id=message_id))
        return outcomes

    def close(self):
        self.on_connection = 0
        if self.backend.connection is not None:
            try:
                self.backend.close()
            except Exception:  # noqa: BLE001 - a dead connection is closed either way
                logger.debug("closing the SMTP connection failed", exc_info=True)
            self.backend.connection = None


class BackendTransport:
    """One EmailMultiAlternatives per recipient through any Django email backend."""

    def __init__(self, backend, prepared):
        self.backend = backend
        self.prepared = prepared
        self.opened = False

    def _message(self, email, message_id, subscriber_id):
        headers, _links, text, html = self.prepared.personalised(subscriber_id)
        newsletter = self.prepared.newsletter
        return emails.message(
            subject=self.prepared.issue.subject,
            text=text,
            html=html,
            to=email,
            from_email=newsletter.from_email,
            reply_to=newsletter.reply_to or None,
            headers={**headers, "Message-ID": message_id},
            connection=self.backend,
        )

    def send(self, rows, claim, should_stop):
        if not self.opened:
            self.backend.fail_silently = False
            self.backend.open()
            self.opened = True
        outcomes = []
        for row_id, subscriber_id, email in rows:
            if should_stop():
                break
            message = self._message(email, self.prepared.message_id(claim, row_id), subscriber_id)
            try:
                self.backend.send_messages([message])
            except (smtplib.SMTPException, OSError) as error:
                code, detail = _reply(error)
                outcomes.append(Outcome(row_id, False, code=code, detail=detail))
                continue
            except Exception as error:  # noqa: BLE001 - a provider API error: retry later
                logger.warning("issue %s row %s: %r", self.prepared.issue.pk, row_id, error)
                outcomes.append(Outcome(row_id, False, code=451, detail=repr(error)[:400]))
                continue
            outcomes.append(Outcome(row_id, True, message_id=_provider_id(message, email)))
        return outcomes

    def close(self):
        if self.opened:
            try:
                self.backend.close()
            except Exception:  # noqa: BLE001
                logger.debug("closing the mail connection failed", exc_info=True)
            self.opened = False


def _provider_id(message, email):
    status = getattr(message, "anymail_status", None)
    if status is not None:
        recipient = status.recipients.get(email)
        if recipient is not None and recipient.message_id:
            return str(recipient.message_id)
        if status.message_id and isinstance(status.message_id, str):
            return status.message_id
    return message.extra_headers["Message-ID"]


# anymail's per-recipient statuses: sent or queued went; rejected or invalid will not.
ANYMAIL_REFUSED = {"rejected", "invalid"}


class AnymailBatchTransport(BackendTransport):
    """One provider API call per chunk with per-recipient merge data and headers."""

    def send(self, rows, claim, should_stop):
        if should_stop() or not rows:
            return []
        field = conf.get("NEWSLETTER_ANYMAIL_MERGE_FIELD")
        placeholders = {key: field % key for key in ("unsubscribe_url", "manage_url")}
        prepared = self.prepared
        text, html = rendering.personalise(prepared.text, prepared.html, placeholders)
        merge_data, merge_headers, merge_metadata = {}, {}, {}
        for row_id, subscriber_id, email in rows:
            headers, links = emails.list_headers(subscriber_id, prepared.newsletter)
            merge_data[email] = links
            merge_headers[email] = {"List-Unsubscribe": headers["List-Unsubscribe"]}
            merge_metadata[email] = {"delivery": str(row_id), "issue": str(prepared.issue.pk)}
        newsletter = prepared.newsletter
        message = emails.message(
            subject=prepared.issue.subject,
            text=text,
            html=html,
            to=[email for _, _, email in rows],
            from_email=newsletter.from_email,
            reply_to=newsletter.reply_to or None,
            headers={
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": emails.list_id(newsletter),
            },
            connection=self.backend,
            message_id=False,
        )
        message.merge_data = merge_data
        message.merge_headers = merge_headers
        message.merge_metadata = merge_metadata
        message.esp_extra = conf.get("NEWSLETTER_ANYMAIL_ESP_EXTRA") or {}
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - the whole call failed: retry the chunk later
            logger.warning("issue %s: batch of %d failed: %r", prepared.issue.pk, len(rows), error)
            return [Outcome(r[0], False, code=451, detail=repr(error)[:400]) for r in rows]
        outcomes = []
        for row_id, _subscriber_id, email in rows:
            status = message.anymail_status.recipients.get(email)
            if status is not None and status.status in ANYMAIL_REFUSED:
                outcomes.append(Outcome(row_id, False, code=550, detail=f"550 {status.status}"))
            else:
                message_id = status.message_id if status is not None else None
                message_id = "" if message_id is None else str(message_id)
                outcomes.append(Outcome(row_id, True, message_id=message_id))
        return outcomes


def for_send(prepared):
    """A new transport (with its own connection) for one sending lane."""
    backend = emails.list_connection()
    if isinstance(backend, SMTPBackend):
        return SMTPTransport(backend, prepared)
    if type(backend).__module__.startswith("anymail.") and conf.get(
        "NEWSLETTER_ANYMAIL_MERGE_FIELD"
    ):
        return AnymailBatchTransport(backend, prepared)
    return BackendTransport(backend, prepared)
