"""Every error the API answers is `{"error": {"code", "message", "fields"}}` (the shape is
config/errors.py's, whose handlers answer Django's own 404 and 500 under /api/): here DRF's
own exceptions, and the apps' PermissionDenied and Http404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

from config.errors import error_body


def _flatten(detail) -> dict:
    """A serializer's errors as {field: [messages]}; nested lists are joined."""
    if isinstance(detail, dict):
        return {
            key: [str(item) for item in value] if isinstance(value, list) else [str(value)]
            for key, value in detail.items()
        }
    return {"non_field_errors": [str(item) for item in detail]} if isinstance(detail, list) else {}


def api_exception_handler(exc, context):
    """DRF's handler (which maps Django's PermissionDenied and Http404, and sets Retry-After
    and WWW-Authenticate), then our shape."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a 500, logged and answered by Django
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        body = error_body("invalid", "Some of what was sent is not valid: see fields.", fields)
    else:
        # Django's exceptions were re-raised by DRF's handler as its own: read the code there.
        drf_exc = exc if isinstance(exc, exceptions.APIException) else _as_api_exception(exc)
        codes = drf_exc.get_codes()
        message = drf_exc.detail if isinstance(drf_exc.detail, str) else drf_exc.default_detail
        body = error_body(codes if isinstance(codes, str) else drf_exc.default_code, str(message))
    response.data = body
    return response


def _as_api_exception(exc) -> exceptions.APIException:
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) if str(exc) else None)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) if str(exc) else None)
    return exceptions.APIException()
