"""One HTTP POST to a subscriber, signed, to an address the SSRF guard has just checked.

The standard library's http.client, with the connection pinned to the checked address (no
second DNS lookup between check and connect); for https the TLS handshake still names the
host (SNI) and verifies its certificate against it. Redirects are never followed: a 3xx is
a failed attempt like any other answer outside 2xx.
"""

import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from webhooks import addresses

USER_AGENT = "Helpcircle-Webhooks/1"
ERROR_LENGTH = 300


@dataclass(frozen=True)
class Attempt:
    ok: bool
    response_code: int | None
    duration_ms: int
    error: str


def body_for(*, delivery_id: str, event: str, created_at: datetime, data: dict) -> bytes:
    envelope = {"id": delivery_id, "event": event, "created_at": created_at.isoformat(), "data": data}
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The X-Helpcircle-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: addresses.Target, *, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._addresses = target.addresses

    def connect(self) -> None:
        self.sock = _connect_any(self._addresses, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: addresses.Target, *, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._addresses = target.addresses

    def connect(self) -> None:
        sock = _connect_any(self._addresses, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _connect_any(addresses_: tuple[str, ...], port: int, timeout: float) -> socket.socket:
    """Connect to the first of the checked addresses that answers."""
    error: OSError | None = None
    for address in addresses_:
        try:
            return socket.create_connection((address, port), timeout=timeout)
        except OSError as refused:
            error = refused
    raise error or OSError("no address to connect to")


def post(*, url: str, secret: str, event: str, delivery_id: str, body: bytes) -> Attempt:
    """Check `url` again, then POST `body` once. Never raises: the outcome says what happened."""
    started = time.monotonic()

    def attempt(ok: bool, error: str = "", code: int | None = None) -> Attempt:
        elapsed = round((time.monotonic() - started) * 1000)
        return Attempt(ok=ok, response_code=code, duration_ms=elapsed, error=error[:ERROR_LENGTH])

    try:
        target = addresses.check_url(url)
    except addresses.RefusedURL as refusal:
        return attempt(False, f"Not sent: {refusal}")
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout=settings.WEBHOOK_TIMEOUT.total_seconds())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Helpcircle-Event": event,
        "X-Helpcircle-Delivery": delivery_id,
        "X-Helpcircle-Signature": signature(secret=secret, timestamp=int(time.time()), body=body),
    }
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is not kept; read a little to end cleanly
    except TimeoutError:
        return attempt(False, f"No answer within {settings.WEBHOOK_TIMEOUT.total_seconds():g} s")
    except (OSError, http.client.HTTPException) as failure:
        return attempt(False, f"{type(failure).__name__}: {failure}")
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return attempt(True, code=response.status)
    reason = "redirect not followed" if 300 <= response.status < 400 else (response.reason or "")
    return attempt(False, f"HTTP {response.status} {reason}".strip(), code=response.status)
