"""Rate-limit counters that count every hit once, however many workers count at the same time:
the API's limits (api/throttles.py) and the members' write limits (config/limits.py).

A count lives in a fixed window of its period (its key carries the window's number) in the
`default` cache. DRF's own throttle read a list of times, appended, and wrote it back: two
workers reading the same list both passed, and parallel requests got about 10% past a limit
(issue 24). Here each hit is one atomic step:

- Redis: `add` (SET NX, with an expiry) then `incr` (INCR, which keeps the expiry).
- Django's database cache: its `incr` is a read then a write, so both happen in one
  transaction that holds a lock: SQLite's IMMEDIATE transactions (config/settings.py) take
  the write lock at BEGIN; on PostgreSQL an advisory lock on the key.

A key lives two periods, so it cannot expire between `add` and `incr` within its window.
"""

import math
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Hit:
    count: int  # this hit included
    retry_after: int  # seconds until the window ends


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/min" -> (600, 60), "10/h" -> (10, 3600): the period named by its first letter."""
    count, period = rate.split("/")
    return int(count), PERIOD_SECONDS[period[0]]


def hit(key: str, *, period: int, now: float | None = None) -> Hit:
    """Count one hit on `key` in the current window of `period` seconds."""
    now = time.time() if now is None else now
    window = int(now // period)
    windowed = f"{key}:{window}"
    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        count = _count_in_database(cache, windowed, timeout=2 * period)
    else:
        count = _count_in_cache(cache, windowed, timeout=2 * period)
    return Hit(count=count, retry_after=max(1, math.ceil((window + 1) * period - now)))


def _count_in_cache(cache, key: str, *, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between the two (a full Redis): start the count again
        cache.add(key, 0, timeout=timeout)
        return cache.incr(key)


def _count_in_database(cache: DatabaseCache, key: str, *, timeout: int) -> int:
    database = router.db_for_write(cache.cache_model_class)
    with transaction.atomic(using=database):
        connection = connections[database]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
        # On SQLite this transaction began IMMEDIATE: it already holds the write lock.
        count = (cache.get(key) or 0) + 1
        cache.set(key, count, timeout=timeout)
    return count
