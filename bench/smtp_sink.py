"""A fast SMTP sink for benchmarks: accepts every message and counts its recipients.

aiosmtpd reads a message's DATA one line at a time (about 150 messages/s for a 20 KB
newsletter on this machine), so it, not the sender, would be what a send benchmark
measures. This sink is one asyncio protocol that scans each DATA block for its end
(CRLF . CRLF) and nothing else. It speaks enough SMTP for smtplib (EHLO/HELO, MAIL,
RCPT, DATA, RSET, NOOP, QUIT) and is not a mail server: no parsing, no storage.

    sink = Sink(); sink.start("127.0.0.1", port); ...; sink.stop(); sink.count  # Counter
"""

import asyncio
import threading
from collections import Counter


class _Session(asyncio.Protocol):
    def __init__(self, sink):
        self.sink = sink
        self.buffer = bytearray()
        self.in_data = False
        self.recipients = []

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data):
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                del self.buffer[: end + 5]
                self.in_data = False
                self.sink.received(self.recipients)
                self.recipients = []
                self.transport.write(b"250 OK queued\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            line = bytes(self.buffer[:end])
            del self.buffer[: end + 2]
            self._command(line)

    def _command(self, line):
        verb = line[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            self.transport.write(b"250-sink\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n")
        elif verb == b"MAIL":
            self.recipients = []
            self.transport.write(b"250 OK\r\n")
        elif verb == b"RCPT":
            address = line.split(b":", 1)[1].strip().split(b" ", 1)[0].strip(b"<>")
            self.recipients.append(address.decode(errors="replace"))
            self.transport.write(b"250 OK\r\n")
        elif verb == b"DATA":
            self.in_data = True
            self.buffer[:0] = b"\r\n"  # so a message's end is always CRLF . CRLF
            self.transport.write(b"354 go ahead\r\n")
        elif verb == b"QUIT":
            self.transport.write(b"221 bye\r\n")
            self.transport.close()
        else:  # RSET, NOOP and anything else
            self.recipients = [] if verb == b"RSET" else self.recipients
            self.transport.write(b"250 OK\r\n")


class Sink:
    def __init__(self):
        self.count = Counter()
        self.messages = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = None

    def received(self, recipients):
        with self._lock:
            self.messages += 1
            self.count.update(recipients)

    def start(self, host, port):
        ready = threading.Event()

        def serve():
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                self._loop.create_server(lambda: _Session(self), host, port)
            )
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        ready.wait(10)

    def stop(self):
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
