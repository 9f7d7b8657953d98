"""Reachability probes for /healthz: each answers True or False, never raises."""

import logging

from django.conf import settings
from django.db import connection

from config.celery import app

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def broker_answers() -> bool:
    timeout = settings.HEALTHZ_BROKER_TIMEOUT.total_seconds()
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            # A channel proves the transport works, not only that a socket opened.
            conn.default_channel  # noqa: B018
        return True
    except Exception:
        logger.exception("healthz: broker unreachable")
        return False
