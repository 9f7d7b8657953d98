"""A Helpcircle webhook receiver in the standard library only: it checks each delivery's
signature, drops repeats, and prints escalations. docs/webhooks.md explains it;
tests/webhooks/test_receiver_example.py runs `verify` against real deliveries.

    HELPCIRCLE_WEBHOOK_SECRET=... python3 docs/webhooks_receiver_example.py 8001

then subscribe http://127.0.0.1:8001/ on /team/webhooks/ (with WEBHOOKS_ALLOW_LOOPBACK=1 in
development; production sends to public https URLs only).
"""

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 300  # refuse signatures older (or newer) than five minutes: replays


def verify(*, secret: str, signature_header: str, body: bytes, now: float | None = None) -> bool:
    """True when X-Helpcircle-Signature ("t=<unix seconds>,v1=<hex>") signs `body` (the raw
    bytes received, before any JSON parsing) with `secret`, and is recent."""
    fields = dict(part.split("=", 1) for part in signature_header.split(",") if "=" in part)
    try:
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("v1", ""))


class Receiver(BaseHTTPRequestHandler):
    secret = os.environ.get("HELPCIRCLE_WEBHOOK_SECRET", "")
    seen: set[str] = set()  # delivery ids already handled (keep them in a database in real life)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not verify(secret=self.secret, signature_header=self.headers.get("X-Helpcircle-Signature", ""), body=body):
            self.send_response(401)
            self.end_headers()
            return
        delivery = json.loads(body)
        # Retries carry the same id: answer 2xx again, but act once.
        if delivery["id"] not in self.seen:
            self.seen.add(delivery["id"])
            handle(delivery)
        self.send_response(204)
        self.end_headers()


def handle(delivery: dict) -> None:
    if delivery["event"] == "thread.escalated":
        thread = delivery["data"]["thread"]
        level = delivery["data"]["escalation_level"]
        print(f"Escalation level {level}: {thread['title']} {thread['url']}", flush=True)
    else:
        print(f"{delivery['event']}: {json.dumps(delivery['data'])}", flush=True)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8001
    ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
