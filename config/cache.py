"""A Redis cache that forgives an outage, for what the site can do without: rendered pages
(config/pagecache.py) and the cached copy of sessions (their rows stay in the database).

With Redis down, a read finds nothing and a write keeps nothing: pages are rendered every
time and sessions read from the database, slower and never a 500. Rate limits do NOT use
this alias: the default cache still fails loudly, so that a broken limiter is noticed.
"""

import logging

from django.core.cache.backends.redis import RedisCache
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
