"""Request guards and response headers that hold for every page of the site."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from redis.exceptions import RedisError

from config.errors import API_PATH, error_body

logger = logging.getLogger(__name__)

# Powerful browser features the site never uses. Denying them means a script that somehow
# got onto a page still cannot ask for the camera, the location or a payment.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path, query string or cookies hold a NUL character.

    No link, form or cookie of ours ever holds one, and PostgreSQL refuses NUL in text, so
    such a value would otherwise reach the database (a session key is looked up as sent)
    and end in a 500. Forms need no help: Django's form fields already refuse NUL in
    posted values.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists()
        ):
            return self.refuse(request, "the address")
        if any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items()):
            return self.refuse(request, "a cookie")
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, where: str) -> HttpResponse:
        message = f"Bad request: {where} contains a NUL character."
        if request.path.startswith(API_PATH):
            return JsonResponse(error_body("invalid", message), status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class PermissionsPolicyMiddleware:
    """Deny the powerful browser features listed in PERMISSIONS_POLICY on every response.

    Placed before WhiteNoise so that static files (an SVG is a document too) carry it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PrivateCacheForMembersMiddleware:
    """Mark every response to a logged-in member `Cache-Control: private`.

    A member's page shows their name, notifications and votes; a shared cache (a proxy,
    a CDN) must never keep it and hand it to somebody else. Directives already set, such
    as never_cache's no-store, are kept. Needs AuthenticationMiddleware before it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


class CacheDownMiddleware:
    """Redis (the cache) down: what needs it is refused with a 503 page in the layout.

    Pages carry on without Redis (config/cache.py) and sessions never need it (they live in
    the database: accounts/sessions.py), so reading and logging out keep working;
    the rate limits (logging in, posting, voting) count in the default cache, which fails
    loudly: they fail closed, and the member is told to try again in a moment, not shown a
    500. Last in MIDDLEWARE, so that it sees the view's exception first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RedisError):
            return None
        logger.exception("the cache is down: %s %s refused", request.method, request.path)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
