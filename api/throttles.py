"""Rate limits per token (or per member for the session, per address for visitors), in
Django's cache (Redis in production). Reads and writes are counted apart, at the rates of
API_RATE_LIMITS in settings, read when each request is counted (so tests may change them).
The forum's own limits on asking, answering, voting and flagging (forum/limits.py) apply
on top, as on the pages."""

import logging

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from config.client_ip import client_ip

logger = logging.getLogger(__name__)


class CacheDown(exceptions.APIException):
    """The rate limits cannot be counted (Redis is down): writes fail closed, as the pages'."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "unavailable"
    default_detail = "We could not do that just now: please try again in a moment. Nothing was changed."
    wait = 30  # DRF's handler sends it as Retry-After


class ApiRateThrottle(SimpleRateThrottle):
    scope = "read"

    def allow_request(self, request, view) -> bool:
        if not settings.ACTION_RATE_LIMITS_ON:  # RATE_LIMITS=0 turns every limit off
            return True
        self.scope = "read" if request.method in SAFE_METHODS else "write"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except RedisError:
            # As the pages: with the cache down reading goes on, writing is refused.
            if self.scope == "read":
                logger.warning("the cache is down: %s %s not counted", request.method, request.path)
                return True
            raise CacheDown() from None

    def get_rate(self) -> str:
        return settings.API_RATE_LIMITS[self.scope]

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            who = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            who = f"user-{request.user.pk}"
        else:
            who = f"ip-{client_ip(request._request)}"  # the proxies' rule, as the pages count
        return f"api-throttle:{self.scope}:{who}"
