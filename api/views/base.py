"""What every API view shares: a method it does not take is a 405 before anything else
(whoever asks, counted by no rate limit); the use cases' errors (config/usecases.py) in the
API's words: Invalid a 400 (or, refused, a 403), the forum's own abuse limits a 429."""

from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.views import APIView

from api.throttles import CacheDown
from config import limits
from config.usecases import Invalid


class ActionLimited(exceptions.Throttled):
    default_code = "rate_limited"


class ApiView(APIView):
    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, Invalid):
            first = next(iter(exc.errors.values()))[0]
            exc = exceptions.PermissionDenied(first) if exc.refused else exceptions.ValidationError(exc.errors)
        elif isinstance(exc, limits.TooOften):
            exc = ActionLimited(wait=exc.wait, detail=exc.message)
        return super().handle_exception(exc)


def limiter(request):
    """The pages' limit on how often a member asks, answers, votes or flags
    (config/limits.py), counted by the use case at the same point for both doors; the
    limits cannot be counted without Redis, so the write fails closed with a 503."""
    count = limits.limiter(request)

    def counted(action: str, *, about=None) -> None:
        try:
            count(action, about=about)
        except RedisError:
            raise CacheDown() from None

    return counted


def sent(request, shape: type) -> dict:
    """A write's body (a JSON object or a form) read by its input serializer (api/inputs.py),
    which only translates: the use case checks the rest."""
    data = request.data
    form = hasattr(data, "getlist")
    if not form and not isinstance(data, dict):
        raise exceptions.ParseError("Send a JSON object or a form.")
    reading = shape(data=data, context={"form": form})
    reading.is_valid(raise_exception=True)
    return dict(reading.validated_data)
