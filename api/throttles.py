"""Rate limits per token (or per member for the session, per address for visitors), in
Django's cache (Redis in production). Reads and writes are counted apart, at the rates of
API_RATE_LIMITS in settings, read when each request is counted (so tests may change them).
The forum's own limits on asking, answering, voting and flagging (forum/limits.py) apply
on top, as on the pages."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from config.client_ip import client_ip


class ApiRateThrottle(SimpleRateThrottle):
    scope = "read"

    def allow_request(self, request, view) -> bool:
        if not settings.ACTION_RATE_LIMITS_ON:  # RATE_LIMITS=0 turns every limit off
            return True
        self.scope = "read" if request.method in SAFE_METHODS else "write"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

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
