"""A real SMTP server on loopback (aiosmtpd) that records what it accepted and can be
told to refuse chosen addresses with a 4xx or 5xx reply."""

import email
import socket
import threading
import time
from email import policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    def __init__(self):
        self.messages = []  # (recipient, parsed message)
        self.raw = []  # the bytes as received, for signature checks
        self.refuse = {}  # address -> reply, e.g. "550 5.1.1 No such user"
        self.refuse_times = {}  # address -> how many more times to refuse (default: always)
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            reply = self.refuse.get(address)
            if reply and address in self.refuse_times:
                if self.refuse_times[address] <= 0:
                    reply = None
                else:
                    self.refuse_times[address] -= 1
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # a slow server: the test can kill a worker mid-send
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.messages.append((rcpt, parsed))
            self.raw.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def recipients(self):
        with self.lock:
            return [rcpt for rcpt, _ in self.messages]


class SMTPServer:
    def __init__(self):
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def settings(self):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
