"""A real HTTP receiver on 127.0.0.1, in a thread, recording every request it gets; a slow
one that trickles its answer a byte at a time; and the same over TLS, with a certificate
made for the test and trusted through SSL_CERT_FILE."""

import importlib.util
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from config.celery import app
from webhooks import actions

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "webhooks_receiver_example.py"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # Statuses to answer, in order; the last one repeats. "hold" answers 200 only once `release`
    # is set, so that a short WEBHOOK_TIMEOUT runs out first; ("hold", status) answers status.
    answers: list = field(default_factory=lambda: [200])
    release: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)

    def next_answer(self):
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def _handler_for(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.requests.append(Received(path=self.path, headers=dict(self.headers), body=body))
            answer = receiver.next_answer()
            receiver.arrived.set()
            if answer == "hold" or isinstance(answer, tuple):
                receiver.release.wait(10)
                answer = answer[1] if isinstance(answer, tuple) else 200
            self.send_response(answer)
            if 300 <= answer < 400:
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:  # quiet
            pass

    return Handler


@pytest.fixture
def make_receiver():
    """Receivers on 127.0.0.1, each with its own answers and its own `release`."""
    running = []

    def make(*, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1") -> Receiver:
        receiver = Receiver(url="")
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(receiver))
        server.daemon_threads = True
        if tls is not None:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        receiver.url = f"{scheme}://{host}:{server.server_address[1]}/hooks/helpcircle"
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        running.append((receiver, server))
        return receiver

    yield make
    for receiver, server in running:
        receiver.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver(make_receiver):
    return make_receiver()


@dataclass
class Slowloris:
    """A receiver that reads the request, then answers one byte every `interval` seconds
    (the status line, a header that never ends, or a body that never ends) for up to
    `trickle_for` seconds: each read gets a byte well within any timeout."""

    url: str
    where: str
    interval: float = 0.02
    trickle_for: float = 10.0
    connections: int = 0
    bytes_sent: int = 0
    first_byte: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)

    def answer(self) -> bytes:
        if self.where == "headers":
            return b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000
        return b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"a" * 100_000

    def serve(self, client: socket.socket) -> None:
        with client:
            client.recv(65536)  # the request: headers and the small JSON body
            answer = self.answer()
            for byte in range(min(len(answer), int(self.trickle_for / self.interval))):
                try:
                    client.sendall(answer[byte : byte + 1])
                except OSError:  # the sender gave up and closed the connection
                    return
                self.bytes_sent += 1
                self.first_byte.set()
                if self.stop.wait(self.interval):  # the pace of a slow receiver, not a wait for the test
                    return


@pytest.fixture
def make_slowloris():
    listeners = []

    def make(where: str, *, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1") -> Slowloris:
        listener = socket.create_server(("127.0.0.1", 0))
        scheme = "https" if tls is not None else "http"
        slow = Slowloris(url=f"{scheme}://{host}:{listener.getsockname()[1]}/slow", where=where)

        def accept() -> None:
            while True:
                try:
                    client, _ = listener.accept()
                except OSError:  # closed at the end of the test
                    return
                slow.connections += 1
                if tls is not None:
                    try:
                        client = tls.wrap_socket(client, server_side=True)
                    except (OSError, ssl.SSLError):
                        client.close()
                        continue
                threading.Thread(target=slow.serve, args=(client,), daemon=True).start()

        threading.Thread(target=accept, daemon=True).start()
        listeners.append((slow, listener))
        return slow

    yield make
    for slow, listener in listeners:
        slow.stop.set()
        listener.close()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A self-signed certificate for `localhost`, made with openssl for this run."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "localhost.pem", folder / "localhost.key"
    subject = ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
    files = ["-keyout", str(key), "-out", str(cert)]
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", *subject, *files],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls(certificate, monkeypatch) -> ssl.SSLContext:
    """A server context with the test's certificate, which the sender trusts (SSL_CERT_FILE,
    read by ssl.create_default_context), so deliveries go over real, verified TLS."""
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture(autouse=True)
def _plain_http_and_loopback(settings):
    # The receiver is plain http on 127.0.0.1: allowed here, as in development.
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    settings.WEBHOOKS_ALLOW_LOOPBACK = True


@pytest.fixture
def subscribe(lead):
    def make(url: str, events=("thread.escalated",)):
        return actions.create_subscription(url=url, events=list(events), by=lead)

    return make


@pytest.fixture(scope="session")
def receiver_example():
    """docs/webhooks_receiver_example.py, imported as the module a reader would copy."""
    spec = importlib.util.spec_from_file_location("webhooks_receiver_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def broker_down():
    """The Celery app sends to a port nobody listens on, as a stopped broker refuses
    (as in tests/forum/test_email_faults.py)."""

    def use(url):
        app.conf.broker_url = url
        app.amqp._producer_pool = None  # the pools hold connections to the old URL
        app._pool = None

    saved = app.conf.broker_url
    use("redis://127.0.0.1:1/0")
    yield
    use(saved)
