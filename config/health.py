"""Reachability probes for /healthz: each answers True or False, never raises."""

import logging
import sys
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from config.appsettings import AppSettings
from config.celery import app

logger = logging.getLogger(__name__)


class HealthSettings(AppSettings):
    """Each overridable by a Django setting of the same name (config/appsettings.py)."""

    HEALTHZ_BROKER_TIMEOUT = timedelta(seconds=2)
    # The checks run at most once per this many seconds in each process, so that probing
    # /healthz cannot be used to open a broker connection per request.
    HEALTHZ_CACHE_SECONDS = 5


conf = HealthSettings()

# The last combined result and the monotonic time it expires, shared by this process's
# threads. The lock makes concurrent probes wait for one check instead of each opening
# a broker connection of its own.
_last_check: tuple[float, dict[str, bool | str]] | None = None
_check_lock = threading.Lock()


def check_all() -> dict[str, bool | str]:
    """{"database": bool, "broker": bool, "checked_at": ISO time the probes ran}.

    The probes run at most once per HEALTHZ_CACHE_SECONDS in a process, failures included,
    so that hammering /healthz cannot multiply connections to the broker. A database found
    down is the exception: it is asked again on each probe, through this thread's own
    connection (no more than any page request tries), so that a recovered database is
    reported at once rather than up to HEALTHZ_CACHE_SECONDS later (bench.faults
    db-restart-load saw three 503s after the restart).
    """
    global _last_check
    with _check_lock:
        if _last_check is not None and time.monotonic() < _last_check[0]:
            expires, checks = _last_check
            if not checks["database"]:
                checks = {**checks, "database": database_answers(), "checked_at": timezone.now().isoformat()}
                _last_check = (expires, checks)
            return dict(checks)
        checks: dict[str, bool | str] = {
            "database": database_answers(),
            "broker": broker_answers(),
            "checked_at": timezone.now().isoformat(),
        }
        _last_check = (time.monotonic() + conf.HEALTHZ_CACHE_SECONDS, checks)
        return dict(checks)


def forget_last_check() -> None:
    """Make the next check_all() run the probes again (tests, after changing settings)."""
    global _last_check
    with _check_lock:
        _last_check = None


def check_again_after_a_database_error(sender, **kwargs) -> None:
    """A request of this process just failed on the database: the next /healthz probes it
    again instead of repeating a healthy answer up to HEALTHZ_CACHE_SECONDS old (found by
    bench.faults db-restart-load: /healthz answered 200 for 5 s into the outage)."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        forget_last_check()


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def broker_answers() -> bool:
    timeout = conf.HEALTHZ_BROKER_TIMEOUT.total_seconds()
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            # A channel proves the transport works, not only that a socket opened.
            conn.default_channel  # noqa: B018
        return True
    except Exception:
        logger.exception("healthz: broker unreachable")
        return False
