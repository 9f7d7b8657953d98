"""One HTTP POST to a subscriber, signed, to an address the SSRF guard has just checked.

The standard library's http.client, with the connection pinned to the checked address (no
second DNS lookup between check and connect); for https the TLS handshake still names the
host (SNI) and verifies its certificate against it. Redirects are never followed: a 3xx is
a failed attempt like any other answer outside 2xx. WEBHOOK_TIMEOUT is the whole attempt's
(Deadline below), not each read's: webhooks/actions.py leases a delivery for longer than that.
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

from webhooks import addresses
from webhooks.conf import conf

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


class Deadline:
    """The end of one attempt, on the monotonic clock. Every step (the lookup, connect, the
    TLS handshake, sending, each read of the answer) may wait only for what is left, so an
    answer trickled a byte at a time cannot stretch a 10 s attempt to minutes."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no answer within {self.seconds:g} s")
        return left


class _WithinDeadline:
    """Before each call that may wait, the socket's timeout becomes the time its attempt has
    left. http.client reads through recv_into (socket.SocketIO) and writes with sendall; over
    TLS each handshake, read and write is one call into OpenSSL, bounded by that timeout as a
    whole."""

    deadline: Deadline

    def recv_into(self, *args, **kwargs):
        self.settimeout(self.deadline.left())
        return super().recv_into(*args, **kwargs)

    def recv(self, *args, **kwargs):
        self.settimeout(self.deadline.left())
        return super().recv(*args, **kwargs)

    def send(self, *args, **kwargs):
        self.settimeout(self.deadline.left())
        return super().send(*args, **kwargs)

    def sendall(self, *args, **kwargs):
        self.settimeout(self.deadline.left())
        return super().sendall(*args, **kwargs)


class _DeadlineSocket(_WithinDeadline, socket.socket):
    pass


class _DeadlineSSLSocket(_WithinDeadline, ssl.SSLSocket):  # made by SSLContext.sslsocket_class
    def do_handshake(self, *args, **kwargs):
        self.settimeout(self.deadline.left())
        return super().do_handshake(*args, **kwargs)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: addresses.Target, *, deadline: Deadline):
        super().__init__(target.host, target.port)
        self._addresses = target.addresses
        self._deadline = deadline

    def connect(self) -> None:
        self.sock = _connect_any(self._addresses, self.port, self._deadline)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: addresses.Target, *, deadline: Deadline):
        context = ssl.create_default_context()
        context.sslsocket_class = _DeadlineSSLSocket
        super().__init__(target.host, target.port, context=context)
        self._addresses = target.addresses
        self._deadline = deadline

    def connect(self) -> None:
        sock = _connect_any(self._addresses, self.port, self._deadline)
        try:
            tls = self._context.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        except BaseException:
            sock.close()
            raise
        tls.deadline = self._deadline
        try:
            tls.do_handshake()
        except BaseException:
            tls.close()
            raise
        self.sock = tls


def _connect_any(addresses_: tuple[str, ...], port: int, deadline: Deadline) -> _DeadlineSocket:
    """Connect to the first of the checked addresses that answers, within the deadline."""
    error: OSError | None = None
    for address in addresses_:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = _DeadlineSocket(family, socket.SOCK_STREAM)
        sock.deadline = deadline
        try:
            sock.settimeout(deadline.left())
            sock.connect((address, port))
        except OSError as refused:
            sock.close()
            error = refused
            if isinstance(refused, TimeoutError):
                break  # the deadline has passed: no time for the next address
        else:
            return sock
    raise error or OSError("no address to connect to")


def post(*, url: str, secret: str, event: str, delivery_id: str, body: bytes) -> Attempt:
    """Check `url` again, then POST `body` once, all within WEBHOOK_TIMEOUT. Never raises for
    what the network or the receiver does: the outcome says what happened."""
    started = time.monotonic()
    timeout = conf.WEBHOOK_TIMEOUT.total_seconds()
    deadline = Deadline(timeout)

    def attempt(ok: bool, error: str = "", code: int | None = None) -> Attempt:
        elapsed = round((time.monotonic() - started) * 1000)
        return Attempt(ok=ok, response_code=code, duration_ms=elapsed, error=error[:ERROR_LENGTH])

    try:
        target = addresses.check_url(url, timeout=timeout)
    except addresses.RefusedURL as refusal:
        return attempt(False, f"Not sent: {refusal}")
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, deadline=deadline)
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
        return attempt(False, f"No answer within {timeout:g} s")
    except (OSError, http.client.HTTPException) as failure:
        return attempt(False, f"{type(failure).__name__}: {failure}")
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return attempt(True, code=response.status)
    reason = "redirect not followed" if 300 <= response.status < 400 else (response.reason or "")
    return attempt(False, f"HTTP {response.status} {reason}".strip(), code=response.status)
