"""The client's address, the same way for every per-address limit."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Behind our own proxies (settings.ALLAUTH_TRUSTED_PROXY_COUNT of them, from
    BEHIND_PROXY and PROXY_HOPS) the address the outermost one saw, read from the right of
    X-Forwarded-For where a client cannot forge it; otherwise the socket's address. This is
    the rule allauth applies to its own rate limits."""
    hops = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = [address.strip() for address in request.headers.get("X-Forwarded-For", "").split(",")]
    if hops and forwarded[0]:
        return forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    return request.META.get("REMOTE_ADDR", "")
