"""Parallel requests against a limit of L pass exactly L, through the real stack: gunicorn (2
worker processes of 12 threads) on the test database, every request released at the same
moment by a barrier. With the database cache (SQLite in CI's first pass, PostgreSQL in its
second) and with Redis (CI's second pass). Before issue 24 about 10% got past a limit, and a
member with more tokens had more budget."""

import http.client
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from api import tokens
from bench.server import free_port, stop
from tests.conftest import REQUIRE_SERVICES, on_postgresql, unavailable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
TOKEN_LIMIT, MEMBER_LIMIT = 10, 15
DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_table"}


def _database_url(folder: Path) -> str:
    """The test database as the server reaches it: PostgreSQL's committed rows as they are;
    SQLite's in-memory database copied whole into a file (VACUUM INTO)."""
    if on_postgresql():
        database = settings.DATABASES["default"]
        credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
        return f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    copy = folder / "test.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    return f"sqlite:///{copy}"


def _empty_database_cache() -> None:
    """The database cache's table, made if this run's settings use Redis, and emptied."""
    tables = connection.introspection.table_names()
    if "cache_table" not in tables:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(settings, "CACHES", {"default": DATABASE_CACHE})
            call_command("createcachetable", "cache_table", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cache_table")


@pytest.fixture
def serve(tmp_path):
    """serve(cache) -> the port of gunicorn serving the test database, counting in `cache`
    ("database" or "redis"), at a token's limit of TOKEN_LIMIT and a member's of MEMBER_LIMIT
    reads a day (a day: a burst never straddles two windows)."""
    processes = []

    def start(cache: str) -> int:
        if cache == "redis" and not settings.REDIS_URL:
            unavailable("Redis (REDIS_URL)", required=REQUIRE_SERVICES)
        if cache == "redis":
            from django.core.cache import caches

            caches["default"].clear()
        else:
            _empty_database_cache()
        port = free_port()
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _database_url(tmp_path),
            "REDIS_URL": settings.REDIS_URL if cache == "redis" else "",
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "1",
            "HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "VAR_DIR": str(tmp_path),
            "RATE_LIMITS": "1",
            "API_READ_RATE": f"{TOKEN_LIMIT}/d",
            "API_MEMBER_READ_RATE": f"{MEMBER_LIMIT}/d",
            "LOG_LEVEL": "WARNING",
        }
        process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi:application",
                *("--workers", "2", "--worker-class", "gthread", "--threads", "12"),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
            ],
            cwd=ROOT,
            env=environment,
            start_new_session=True,
        )
        processes.append(process)
        _wait_until_listening(process, port)
        return port

    yield start
    for process in processes:
        stop(process)


def _wait_until_listening(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=5).connect()
            return
        except OSError:
            time.sleep(0.1)  # waiting for a server to listen, not synchronising a test
    raise RuntimeError(f"gunicorn did not listen on {port} within 60 s")


def fire(port: int, credentials: list[str]) -> list[tuple[int, str | None]]:
    """One GET of tags/ per token, each on its own connection, all sent at the same moment."""
    barrier = threading.Barrier(len(credentials))
    outcomes: list[tuple[int, str | None]] = [(0, None)] * len(credentials)

    def send(index: int, token: str) -> None:
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        link.connect()
        barrier.wait(timeout=30)
        link.request("GET", "/api/v1/tags/", headers={"Authorization": f"Bearer {token}", "Host": "127.0.0.1"})
        response = link.getresponse()
        response.read()
        outcomes[index] = (response.status, response.getheader("Retry-After"))
        link.close()

    senders = [threading.Thread(target=send, args=(index, token)) for index, token in enumerate(credentials)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(timeout=90)
    return outcomes


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_parallel_requests_pass_exactly_the_token_s_limit_then_the_member_s(serve, cache):
    member = UserFactory(username="busy")
    first, second, third = (tokens.create_token(user=member, name=f"script {n}", scope="read")[1] for n in range(3))
    port = serve(cache)

    # One token, twice its limit at once: exactly its limit passes.
    outcomes = fire(port, [first] * (2 * TOKEN_LIMIT))
    assert sorted(status for status, _ in outcomes) == [200] * TOKEN_LIMIT + [429] * TOKEN_LIMIT
    assert all(int(retry_after) > 0 for status, retry_after in outcomes if status == 429)

    # Two more tokens of the same member, each within its own limit: the member has
    # MEMBER_LIMIT - TOKEN_LIMIT left, and exactly that passes.
    outcomes = fire(port, [second, third] * TOKEN_LIMIT)
    statuses = [status for status, _ in outcomes]
    assert statuses.count(200) == MEMBER_LIMIT - TOKEN_LIMIT
    assert statuses.count(429) == 2 * TOKEN_LIMIT - (MEMBER_LIMIT - TOKEN_LIMIT)
