"""The two cache backends of our own.

ForgivingRedisCache: a Redis cache that forgives an outage, for what the site can do
without: rendered pages and who was counted as viewing a thread (config/pagecache.py,
forum's record_view). With Redis down, a read finds nothing and a write keeps nothing:
pages are rendered every time, slower and never a 500. Rate limits and sessions do NOT use
it: the default cache (rate limits) fails loudly, so that a broken limiter is noticed, and
sessions live in the database alone (accounts/sessions.py).

RateLimitDatabaseCache: the embedded setup's rate limits, in a table of their own.
"""

import logging

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _forgiving(method, fallback):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("cache %s failed, carrying on without it: %s", method.__name__, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = method.__name__
    return call


def _default(key, default=None, *args, **kwargs):
    return default


class ForgivingRedisCache(RedisCache):
    get = _forgiving(RedisCache.get, _default)
    get_many = _forgiving(RedisCache.get_many, {})
    set = _forgiving(RedisCache.set, None)
    set_many = _forgiving(RedisCache.set_many, [])
    add = _forgiving(RedisCache.add, False)
    delete = _forgiving(RedisCache.delete, False)
    delete_many = _forgiving(RedisCache.delete_many, None)
    touch = _forgiving(RedisCache.touch, False)
    has_key = _forgiving(RedisCache.has_key, False)


class RateLimitDatabaseCache(DatabaseCache):
    """A database cache that never drops a live entry, for rate limits (no Redis).

    Django's database cache, once it holds MAX_ENTRIES rows, deletes the expired ones and
    then a share of the rest by key order, live or not: whoever can make new keys (page
    views once, when pages shared the table; logins with many addresses still) could wipe
    a lockout. Here only expired rows are deleted: a limit lasts until its period ends,
    and MAX_ENTRIES only says when to sweep. Every limit has a period, so the table holds
    at most the limits counted within the longest one."""

    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(self._table)} WHERE {connection.ops.quote_name('expires')} < %s",
            [connection.ops.adapt_datetimefield_value(now)],
        )
