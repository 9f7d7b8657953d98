import os

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import override_settings

from tests import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


def unavailable(what: str, *, required: bool) -> None:
    """Skip a test whose service is missing, or fail it when CI says the service is required."""
    if required:
        pytest.fail(f"{what} is required here (REQUIRE_SERVICES/REQUIRE_BROWSER=1) but unavailable")
    pytest.skip(f"{what} unavailable; set REQUIRE_SERVICES=1 or REQUIRE_BROWSER=1 to fail instead")


def on_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"  # the engine is tests.postgresql's (config/test_settings.py)


@pytest.fixture
def postgresql() -> None:
    """For tests of PostgreSQL-only behaviour (row locks, real concurrency)."""
    if not on_postgresql():
        unavailable("PostgreSQL (DATABASE_URL)", required=REQUIRE_SERVICES)


@pytest.fixture(autouse=True)
def _fresh_cache(request) -> None:
    # Redis outlives a test's transaction: clear it so that allauth's rate limits start from
    # zero. So does the database cache of a transaction=True test (the browser tests): its
    # tables are flushed after it, the cache's table not among them. A test in a rolled-back
    # transaction needs nothing, and one without the database may not touch it.
    marker = request.node.get_closest_marker("django_db")
    flushed = bool(marker and marker.kwargs.get("transaction"))
    redis = REQUIRE_SERVICES or settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    if redis or flushed:
        cache.clear()
    # Rendered pages too: the ids of one test's rows come back in the next, and a page kept
    # under the version of an earlier test (an incident banner, say) must not be served to this one.
    if flushed or settings.CACHES["pages"]["BACKEND"].endswith("RedisCache"):
        caches["pages"].clear()


@pytest.fixture(autouse=True, scope="session")
def _after_commit_at_once_for_seeding() -> None:
    """Module-scoped fixtures seed inside a transaction they roll back: what follows a commit
    runs at once there too (each test then decides for itself, below)."""
    with override_settings(AFTER_COMMIT_AT_ONCE=True):
        yield


@pytest.fixture(autouse=True)
def _after_commit_at_once(request, _after_commit_at_once_for_seeding) -> None:
    """A test wrapped in a transaction that never commits would never see what follows a
    commit (a page version bumped, a question's score copied to its thread): there, it runs
    where it is asked for (config/aftercommit.py). Tests that commit for real
    (transaction=True) run the production path, after the commit."""
    marker = request.node.get_closest_marker("django_db")
    committing = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    with override_settings(AFTER_COMMIT_AT_ONCE=not committing):
        yield


@pytest.fixture
def password() -> str:
    return factories.PASSWORD


@pytest.fixture
def member(db):
    return factories.UserFactory(username="member", email="member@example.com")


@pytest.fixture
def rep(db):
    return factories.UserFactory(username="rep", email="rep@example.com", groups=["Reps"])


@pytest.fixture
def lead(db):
    return factories.UserFactory(username="lena", display_name="Lena Lead", email="lena@example.com", groups=["Leads"])


@pytest.fixture
def moderator(db):
    return factories.UserFactory(
        username="mo", display_name="Mo Moderator", email="mo@example.com", groups=["Moderators"]
    )


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of the test's own, which it may stop and start again (tests/private_redis.py)."""
    import shutil

    from tests.private_redis import PrivateRedis

    if shutil.which("redis-server") is None:
        unavailable("redis-server", required=REQUIRE_SERVICES)
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker() -> str:
    """The configured broker's URL, once it has answered (fails under REQUIRE_SERVICES)."""
    from config import health

    if not health.broker_answers():
        unavailable(f"the Celery broker ({settings.CELERY_BROKER_URL})", required=REQUIRE_SERVICES)
    return settings.CELERY_BROKER_URL


@pytest.fixture
def no_receivers():
    """Every Django signal (config.events' channel, forum's, the framework's and the
    libraries') with no receiver while the test runs: what must happen on an action is then
    done by a direct call, or it does not happen (docs/architecture.md, "Events and signals")."""
    import gc

    from django.dispatch import Signal

    # type(), not isinstance(): isinstance would evaluate lazy objects (a request's CSP nonce).
    signals = [thing for thing in gc.get_objects() if issubclass(type(thing), Signal)]
    saved = [(signal, signal.receivers) for signal in signals]
    for signal in signals:
        with signal.lock:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
    yield
    for signal, receivers in saved:
        with signal.lock:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()
