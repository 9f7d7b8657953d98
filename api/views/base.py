"""What every API view shares: a method it does not take is a 405 before anything else
(whoever asks, counted by no rate limit), and the forum's own abuse limits answer 429."""

from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.views import APIView

from api.throttles import CacheDown
from config.counters import PERIOD_SECONDS
from forum import limits


class ApiView(APIView):
    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class ActionLimited(exceptions.Throttled):
    default_code = "rate_limited"


def check_action_limit(request, action: str) -> None:
    """The pages' limit on how often a member asks, answers, votes or flags
    (forum/limits.py), counted in the same place, so the API and the pages share it."""
    try:
        limit = limits.exceeded(request._request, action)
    except RedisError:
        raise CacheDown() from None
    if limit:
        period = PERIOD_SECONDS[limit.rate.split("/")[1][-1]]
        raise ActionLimited(wait=period, detail=limit.message)
