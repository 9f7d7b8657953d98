from datetime import datetime

import pytest

from config import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_check() -> None:
    # The result is kept in the process for HEALTHZ_CACHE_SECONDS: each test checks anew.
    health.forget_last_check()


def test_healthz_is_200_when_the_database_and_the_broker_answer(client, broker):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert datetime.fromisoformat(body.pop("checked_at"))
    assert body == {"status": "ok", "database": True, "broker": True}


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert datetime.fromisoformat(body.pop("checked_at"))
    assert body == {"status": "unavailable", "database": True, "broker": False}


def test_healthz_calls_within_the_cache_window_share_one_check(client, broker):
    first = client.get("/healthz").json()
    second = client.get("/healthz").json()
    assert second["checked_at"] == first["checked_at"]


def test_a_failed_check_is_shared_too_so_an_outage_cannot_be_amplified(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    first = client.get("/healthz")
    second = client.get("/healthz")
    assert first.status_code == second.status_code == 503
    assert second.json()["checked_at"] == first.json()["checked_at"]


def test_healthz_checks_again_once_the_window_has_passed(client, broker, settings):
    settings.HEALTHZ_CACHE_SECONDS = 0
    first = datetime.fromisoformat(client.get("/healthz").json()["checked_at"])
    second = datetime.fromisoformat(client.get("/healthz").json()["checked_at"])
    assert second > first


def unreachable_database_error() -> Exception:
    """The error Django raises for a database that does not answer: a connection like the
    default one, to a port (PostgreSQL) or a file (SQLite) where there is none."""
    from django.db import connections

    default = connections["default"]
    settings_dict = {**default.settings_dict, "NAME": "/nonexistent/helpcircle.sqlite3", "PORT": 9}
    unreachable = type(default)(settings_dict, alias="unreachable")
    try:
        unreachable.ensure_connection()
    except Exception as error:
        return error
    raise AssertionError("the unreachable database answered")


def test_a_request_failing_on_the_database_makes_the_next_healthz_probe_again(client, broker, rf):
    """Found by `python -m bench.faults db-restart-load`: with the database stopped, /healthz
    kept answering its healthy result of up to HEALTHZ_CACHE_SECONDS before."""
    from django.core.signals import got_request_exception

    before = client.get("/healthz").json()["checked_at"]
    try:
        raise unreachable_database_error()
    except Exception:
        got_request_exception.send(sender=None, request=rf.get("/"))  # as Django's handler does
    assert client.get("/healthz").json()["checked_at"] > before


def test_another_failing_request_leaves_the_shared_check_alone(client, broker, rf):
    from django.core.signals import got_request_exception

    before = client.get("/healthz").json()["checked_at"]
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        got_request_exception.send(sender=None, request=rf.get("/"))
    assert client.get("/healthz").json()["checked_at"] == before


def test_a_database_found_down_is_asked_again_on_the_next_probe_so_its_return_shows_at_once(client, broker):
    """Found by `python -m bench.faults db-restart-load` (CI): three /healthz probes answered
    503 after the database had come back, repeating a failure found during the outage."""
    client.get("/healthz")
    expires, checks = health._last_check
    health._last_check = (expires, {**checks, "database": False})  # as a probe during the outage left it

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] is True


def test_a_broker_found_down_is_not_asked_again_within_the_window(client, broker):
    client.get("/healthz")
    expires, checks = health._last_check
    health._last_check = (expires, {**checks, "broker": False})

    assert client.get("/healthz").status_code == 503
