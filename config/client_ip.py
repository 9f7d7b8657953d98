"""The client's address: allauth's rule, for allauth's own rate limits and for ours."""

import logging
from collections.abc import Callable

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The address allauth's login, signup and reset limits key on, from allauth itself so
    that the two can never disagree: behind settings.ALLAUTH_TRUSTED_PROXY_COUNT proxies of
    ours (BEHIND_PROXY and PROXY_HOPS), the entry that many from the right of
    X-Forwarded-For, which a client cannot forge; otherwise the socket's address.

    allauth answers PermissionDenied (403) when that entry is no address at all. A header
    shorter than the chain never gets this far: ShortForwardedForMiddleware drops it.
    """
    return get_adapter(request).get_client_ip(request)


class ShortForwardedForMiddleware:
    """Treat an X-Forwarded-For with fewer entries than our trusted proxies add as absent,
    so that the client's address is the socket's: our proxy's, or whoever connected.

    Each proxy of ours appends one entry, so a shorter header did not come through the whole
    chain (a request that skipped an outer proxy, or PROXY_HOPS set higher than the chain),
    and which entry is the client's cannot be known; allauth raises ImproperlyConfigured on
    it, a 500 on every login. The socket's address is the one nobody can forge, and the one
    allauth takes when there is no header. We chose it over a 400, which would also fail a
    health check sent from inside the chain. The warning is for the operator: PROXY_HOPS set
    too high puts every client in the proxy's one rate-limit bucket.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hops = allauth_settings.TRUSTED_PROXY_COUNT
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        # Counted as allauth counts them: one entry per comma-separated part.
        if hops and forwarded and len(forwarded.split(",")) < hops:
            logger.warning(
                "X-Forwarded-For %r has fewer entries than PROXY_HOPS=%d: using the socket's address %s",
                forwarded[:200],
                hops,
                request.META.get("REMOTE_ADDR"),
            )
            del request.META["HTTP_X_FORWARDED_FOR"]
            request.__dict__.pop("headers", None)  # request.headers caches META once read
        return self.get_response(request)
