"""Parallel requests against a limit of L pass exactly L, through the real stack: gunicorn (2
worker processes of 12 threads) on the test database, every request released at the same
moment by a barrier. With the database cache (SQLite in CI's first pass, PostgreSQL in its
second) and with Redis (CI's second pass). Before issue 24 about 10% got past a limit, and a
member with more tokens had more budget."""

import http.client
import threading

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from api import tokens
from tests.api import servers
from tests.conftest import REQUIRE_SERVICES, unavailable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN_LIMIT, MEMBER_LIMIT = 10, 15


def _empty_database_caches() -> None:
    """The embedded setup's cache tables (rate limits and pages), made if this run's settings
    use Redis, and emptied: a server without REDIS_URL counts in them."""
    tables = [cache["LOCATION"] for cache in settings.EMBEDDED_CACHES.values()]
    if not set(tables) <= set(connection.introspection.table_names()):
        with override_settings(CACHES=settings.EMBEDDED_CACHES):
            call_command("createcachetable", verbosity=0)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


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
            caches["default"].clear()
        else:
            _empty_database_caches()
        process, port = servers.start(
            tmp_path,
            {
                "REDIS_URL": settings.REDIS_URL if cache == "redis" else "",
                "RATE_LIMITS": "1",
                "API_READ_RATE": f"{TOKEN_LIMIT}/d",
                "API_MEMBER_READ_RATE": f"{MEMBER_LIMIT}/d",
            },
        )
        processes.append(process)
        return port

    yield start
    for process in processes:
        servers.stop(process)


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
