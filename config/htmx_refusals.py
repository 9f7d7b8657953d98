"""An htmx request the server refuses gets the reason alone, as plain text.

A refused page (403, 404, 429, 500) is a whole page in the site's layout, which is right
for a browser that navigated there. htmx swaps nothing on an error status, and
static/js/forum.js writes the response's text (with textContent, never as HTML) beside the
control that was clicked; so for htmx the reason must be a sentence, not a page. Pages for
normal requests stay as they are.
"""

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

logger = logging.getLogger(__name__)

PLAIN_TEXT = "text/plain; charset=utf-8"
LONGEST_MESSAGE = 500  # a refusal is a sentence or two; a page is never passed off as one

# What an htmx request is told when the refusal has no words of its own (a page was rendered).
STATUS_MESSAGES = {
    400: "That request was not understood. Reload the page and try again.",
    401: "Your session has ended. Log in again, then try once more.",
    403: "That was refused. Reload the page and try again; if your session ended, log in first.",
    404: "That is no longer here. Reload the page to see what changed.",
    405: "That cannot be done from here. Reload the page and try again.",
    409: "Somebody changed this at the same time. Reload the page to see what changed.",
    413: "That was too large to send.",
    429: "You are doing this too often. Wait a little, then try again.",
}
SERVER_ERROR_MESSAGE = "Something went wrong on our side and nothing was changed. Try again in a moment."


def plain_refusal(message: str, *, status: int) -> HttpResponse:
    """The body an htmx request gets when the server says no: the reason, nothing else."""
    return HttpResponse(message, status=status, content_type=PLAIN_TEXT)


def is_htmx(request: HttpRequest) -> bool:
    # django-htmx's middleware sets request.htmx; read the header too, so this middleware
    # works wherever it sits in MIDDLEWARE.
    return bool(getattr(request, "htmx", False)) or request.headers.get("HX-Request") == "true"


class HtmxRefusalsMiddleware:
    """For htmx requests: PermissionDenied answers 403 with its message as text/plain; a
    redirect to the login page (a session that ended) answers 401; any other error page is
    replaced by a sentence for its status. Plain-text error bodies pass through unchanged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_htmx(request):
            return response
        if response.status_code in (301, 302, 303, 307, 308) and self._goes_to_login(response):
            # The browser would follow it and htmx would swap the login page into the control.
            return plain_refusal(STATUS_MESSAGES[401], status=401)
        if response.status_code < 400 or response.streaming:
            return response
        is_plain = response.get("Content-Type", "").startswith("text/plain")
        words = self._words_of(response, is_plain=is_plain)
        if is_plain and words is not None:
            return response
        if words is None:
            words = STATUS_MESSAGES.get(response.status_code) or (
                SERVER_ERROR_MESSAGE if response.status_code >= 500 else STATUS_MESSAGES[400]
            )
        refusal = plain_refusal(words, status=response.status_code)
        for header in ("Retry-After", "Allow"):
            if header in response:
                refusal[header] = response[header]
        return refusal

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PermissionDenied) and is_htmx(request):
            logger.info("htmx request refused: %s %s: %s", request.method, request.path, exception)
            return plain_refusal(str(exception) or STATUS_MESSAGES[403], status=403)
        return None

    @staticmethod
    def _goes_to_login(response: HttpResponse) -> bool:
        location = urlsplit(response.get("Location", ""))
        return location.path == resolve_url(settings.LOGIN_URL)

    @staticmethod
    def _words_of(response: HttpResponse, *, is_plain: bool) -> str | None:
        """The body, when it is already a short sentence (plain text, or an
        HttpResponseBadRequest("...") without markup), else None: a rendered page, or a
        debug traceback, is never shown as a message."""
        try:
            text = response.content.decode(response.charset or "utf-8").strip()
        except UnicodeDecodeError:
            return None
        if not text or len(text) > LONGEST_MESSAGE or (not is_plain and "<" in text):
            return None
        return text
