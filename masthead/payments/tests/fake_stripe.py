"""A local stand-in for Stripe's API, started by the tests on 127.0.0.1.

It answers the calls masthead makes with the recorded responses in `fixtures/`
(Stripe's real shapes, ids and fields filled per call), honours idempotency keys as
Stripe does (the same key returns the same response), keeps what was created, and
records every request so tests can assert on what we sent. `signed()` signs webhook
payloads with a test secret as Stripe does.
"""

import copy
import hashlib
import hmac
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"
WEBHOOK_SECRET = "whsec_test_masthead"  # noqa: S105 - a test secret


def fixture(fixture_name, **fields):
    data = json.loads((FIXTURES / f"{fixture_name}.json").read_text())
    data.update(fields)
    return data


def event(type_, obj, *, id, created):
    return fixture("event", id=id, type=type_, created=created, data={"object": obj})


def signed(payload, secret=WEBHOOK_SECRET, timestamp=None):
    """The Stripe-Signature header for `payload` (bytes)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def parse_form(body):
    """Stripe's form encoding (`a[b][0][c]=x`) as nested dicts and lists."""
    root = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        node = {key: _lists(value) for key, value in node.items()}
        if node and all(key.isdigit() for key in node):
            return [node[key] for key in sorted(node, key=int)]
    return node


class FakeStripe:
    def __init__(self):
        self.requests = []
        self.objects = {}
        self.events = []
        self.idempotent = {}
        self.counter = itertools.count(1)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.webhook_url = None  # where the hosted checkout page sends checkout.session.completed

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.objects.clear()
            self.events.clear()
            self.idempotent.clear()

    def new_id(self, prefix):
        return f"{prefix}_test{next(self.counter):06d}"

    def calls(self, method, path_prefix):
        return [
            r for r in self.requests if r["method"] == method and r["path"].startswith(path_prefix)
        ]

    # --- what tests do to the fake -----------------------------------------------------

    def complete_session(self, session_id, *, email="buyer@example.org", customer=None):
        """Pay a checkout session as a reader would on Stripe's page."""
        session = self.objects[session_id]
        customer = customer or session.get("customer") or self.new_id("cus")
        self.objects.setdefault(customer, fixture("customer", id=customer, email=email))
        session.update(
            status="complete",
            payment_status="paid",
            customer=customer,
            customer_details={"email": email, "name": None},
        )
        if session["mode"] == "subscription":
            session["subscription"] = session.get("subscription") or self.new_id("sub")
        else:
            session["payment_intent"] = session.get("payment_intent") or self.new_id("pi")
        return session

    def pay_page(self, session_id):
        """Stripe's hosted checkout, reduced to an email field and a Pay button."""
        return (
            "<!doctype html><html lang=en><title>Pay</title><main><h1>Fake Stripe checkout</h1>"
            f'<form method=post action="/pay/{session_id}"><label for=email>Email</label>'
            '<input id=email name=email type=email value="buyer@example.org">'
            "<button type=submit>Pay</button></form></main></html>"
        )

    def pay(self, session_id, email):
        """Pay, deliver checkout.session.completed signed to `webhook_url` as Stripe would,
        and return where Stripe would send the reader next."""
        import urllib.request

        session = self.complete_session(session_id, email=email)
        evt = event(
            "checkout.session.completed", session, id=self.new_id("evt"), created=int(time.time())
        )
        self.events.append(evt)
        if self.webhook_url:
            payload = json.dumps(evt).encode()
            request = urllib.request.Request(  # noqa: S310 - the live server on 127.0.0.1
                self.webhook_url,
                data=payload,
                headers={"Content-Type": "application/json", "Stripe-Signature": signed(payload)},
            )
            urllib.request.urlopen(request, timeout=10).read()  # noqa: S310  # nosec B310 - the test's own webhook URL on loopback
        return session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)

    # --- the API -------------------------------------------------------------------------

    def respond(self, method, path, params):
        parts = path.strip("/").split("/")[1:]  # drop "v1"
        if method == "POST" and parts == ["customers"]:
            obj = fixture(
                "customer",
                id=self.new_id("cus"),
                email=params.get("email"),
                metadata=params.get("metadata", {}),
            )
        elif method == "POST" and parts == ["checkout", "sessions"]:
            session_id = self.new_id("cs")
            obj = fixture(
                "checkout_session",
                id=session_id,
                mode=params["mode"],
                customer=params.get("customer"),
                client_reference_id=params.get("client_reference_id"),
                metadata=params.get("metadata", {}),
                url=f"{self.url}/pay/{session_id}",
                success_url=params["success_url"],
                cancel_url=params["cancel_url"],
                created=int(time.time()),
                amount_total=_amount(params),
            )
        elif method == "POST" and parts == ["billing_portal", "sessions"]:
            obj = fixture(
                "billing_portal_session",
                id=self.new_id("bps"),
                customer=params["customer"],
                return_url=params["return_url"],
            )
            obj["url"] = f"{self.url}/portal/{obj['id']}"
        elif method == "POST" and parts == ["products"]:
            obj = fixture(
                "product",
                id=self.new_id("prod"),
                name=params["name"],
                metadata=params.get("metadata", {}),
            )
        elif method == "POST" and parts == ["prices"]:
            obj = fixture(
                "price",
                id=self.new_id("price"),
                product=params["product"],
                currency=params["currency"],
                unit_amount=int(params["unit_amount"]),
                recurring={"interval": params["recurring"]["interval"], "interval_count": 1},
            )
        elif method == "POST" and len(parts) == 2 and parts[0] in ("products", "prices"):
            obj = self.objects[parts[1]]
            obj.update(
                {k: (v == "true" if v in ("true", "false") else v) for k, v in params.items()}
            )
            return 200, obj
        elif method == "POST" and len(parts) == 2 and parts[0] == "subscriptions":
            # e.g. a gift moving a subscriber's next charge (trial_end)
            obj = self.objects.setdefault(parts[1], fixture("subscription", id=parts[1]))
            obj.update({k: (int(v) if k == "trial_end" else v) for k, v in params.items()})
            return 200, obj
        elif method == "GET" and len(parts) == 2 and parts[0] in ("customers", "subscriptions"):
            return (
                (200, self.objects[parts[1]])
                if parts[1] in self.objects
                else (404, _missing(parts[1]))
            )
        elif method == "GET" and parts[:2] == ["checkout", "sessions"] and len(parts) == 3:
            return (
                (200, self.objects[parts[2]])
                if parts[2] in self.objects
                else (404, _missing(parts[2]))
            )
        elif method == "DELETE" and parts[0] == "subscriptions":
            obj = self.objects.setdefault(parts[1], fixture("subscription", id=parts[1]))
            obj["status"] = "canceled"
            return 200, obj
        elif method == "DELETE" and parts[0] == "customers":
            self.objects.pop(parts[1], None)
            return 200, {"id": parts[1], "object": "customer", "deleted": True}
        elif method == "GET" and parts == ["events"]:
            since = int(params.get("created", {}).get("gte", 0))
            types = params.get("types") or None
            data = [
                e
                for e in self.events
                if e["created"] >= since and (not types or e["type"] in types)
            ]
            data.sort(key=lambda e: -e["created"])
            return 200, {"object": "list", "data": data, "has_more": False, "url": "/v1/events"}
        else:
            return 404, _missing(path)
        self.objects[obj["id"]] = obj
        return 200, obj

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else split.query
                params = parse_form(body)
                if split.path.startswith("/pay/"):
                    return self._hosted(split.path.rsplit("/", 1)[1], params)
                key = self.headers.get("Idempotency-Key")
                with fake.lock:
                    fake.requests.append(
                        {
                            "method": self.command,
                            "path": split.path,
                            "params": params,
                            "idempotency_key": key,
                        }
                    )
                    if key and self.command == "POST" and key in fake.idempotent:
                        status, obj = fake.idempotent[key]
                    else:
                        try:
                            status, obj = fake.respond(self.command, split.path, params)
                        except Exception as error:  # a bug in a test's use of the fake
                            status, obj = (
                                500,
                                {"error": {"type": "api_error", "message": repr(error)}},
                            )
                        obj = copy.deepcopy(obj)
                        if key and self.command == "POST":
                            fake.idempotent[key] = (status, obj)
                payload = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Request-Id", "req_fake")
                self.end_headers()
                self.wfile.write(payload)

            def _hosted(self, session_id, params):
                if self.command == "POST":
                    location = fake.pay(session_id, params.get("email", "buyer@example.org"))
                    self.send_response(303)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                page = fake.pay_page(session_id).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, *args):
                pass

        return Handler


def _amount(params):
    item = params["line_items"][0]
    return int(item.get("price_data", {}).get("unit_amount", 500))


def _missing(what):
    return {
        "error": {
            "type": "invalid_request_error",
            "message": f"No such object: '{what}'",
            "code": "resource_missing",
        }
    }
