"""A real HTTP receiver on 127.0.0.1, in a thread, recording every request it gets."""

import importlib.util
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
    # Statuses to answer, in order; the last one repeats. "hold" answers only once `release`
    # is set, so that a short WEBHOOK_TIMEOUT runs out first.
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
            if answer == "hold":
                receiver.release.wait(10)
                answer = 200
            self.send_response(answer)
            if 300 <= answer < 400:
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:  # quiet
            pass

    return Handler


@pytest.fixture
def receiver():
    receiver = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(receiver))
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/helpcircle"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield receiver
    receiver.release.set()
    server.shutdown()
    server.server_close()


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
