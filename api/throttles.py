"""Rate limits on the API, counted atomically in the default cache (config/counters.py).

A request is counted in its own bucket (its token's, its session's or, for visitors, its
address's) at API_RATE_LIMITS, and a member's request also in the member's bucket at
API_MEMBER_RATE_LIMITS, which all their tokens and their session share: making more tokens
buys no more requests. Reads and writes are counted apart. The rates are read when each
request is counted (so tests may change them). The forum's own limits on asking, answering,
voting and flagging (forum/limits.py) apply on top, as on the pages. Making tokens has its
own limit, API_TOKEN_CREATE_RATE."""

import logging

from redis.exceptions import RedisError
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import BaseThrottle

from accounts.models import User
from api.conf import conf
from api.models import ApiToken
from config import counters
from config.client_ip import client_ip
from config.limits import conf as limits_conf
from forum.limits import PERIODS

logger = logging.getLogger(__name__)


class CacheDown(exceptions.APIException):
    """The rate limits cannot be counted (Redis is down): writes fail closed, as the pages'."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "unavailable"
    default_detail = "We could not do that just now: please try again in a moment. Nothing was changed."
    wait = 30  # DRF's handler sends it as Retry-After


def buckets(request, scope: str) -> list[tuple[str, str]]:
    """(bucket, rate) for each count this request takes, the narrowest first."""
    rate = conf.API_RATE_LIMITS[scope]
    if isinstance(request.auth, ApiToken):
        own = f"token-{request.auth.pk}"
    elif request.user.is_authenticated:
        own = f"session-{request.user.pk}"
    else:
        return [(f"ip-{client_ip(request._request)}", rate)]  # the proxies' rule, as the pages count
    return [(own, rate), (f"member-{request.user.pk}", conf.API_MEMBER_RATE_LIMITS[scope])]


class ApiRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        if not limits_conf.ACTION_RATE_LIMITS_ON:  # RATE_LIMITS=0 turns every limit off
            return True
        scope = "read" if request.method in SAFE_METHODS else "write"
        try:
            for bucket, rate in buckets(request, scope):
                limit, period = counters.parse_rate(rate)
                hit = counters.hit(f"api-rate:{scope}:{bucket}", period=period)
                if hit.count > limit:
                    # A refusal by the token's own limit leaves the member's count alone.
                    self.retry_after = hit.retry_after
                    return False
        except RedisError:
            # As the pages: with the cache down reading goes on, writing is refused.
            if scope == "read":
                logger.warning("the cache is down: %s %s not counted", request.method, request.path)
                return True
            raise CacheDown() from None
        return True

    def wait(self) -> int:
        return self.retry_after


class TokenCreationLimited(Exception):
    def __init__(self, *, retry_after: int):
        count, period = conf.API_TOKEN_CREATE_RATE.split("/")
        super().__init__(f"You can create at most {count} tokens per {PERIODS[period[0]]}: please wait a little.")
        self.retry_after = retry_after


def check_token_creation_limit(user: User) -> None:
    """Count an attempt to make a token; raises TokenCreationLimited past API_TOKEN_CREATE_RATE."""
    if not limits_conf.ACTION_RATE_LIMITS_ON:
        return
    limit, period = counters.parse_rate(conf.API_TOKEN_CREATE_RATE)
    hit = counters.hit(f"api-token-create:member-{user.pk}", period=period)
    if hit.count > limit:
        raise TokenCreationLimited(retry_after=hit.retry_after)
