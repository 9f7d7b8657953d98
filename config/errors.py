"""The site's 404 and 500 handlers (config/urls.py), and the one JSON error shape every
answer under /api/ has (docs/api.md): `{"error": {"code", "message", "fields"}}`.

They lived in the API app; config may import no app, so the shape is written here and the
API's own errors (api/errors.py, for DRF's exceptions) build on it. Under API_PATH Django's
own 404 and 500 answer JSON; elsewhere the site's pages."""

from django.http import HttpRequest, JsonResponse
from django.views import defaults

API_PATH = "/api/"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def page_not_found(request: HttpRequest, exception=None):
    """handler404: JSON under /api/, the site's 404 page elsewhere."""
    if request.path.startswith(API_PATH):
        return JsonResponse(error_body("not_found", "There is nothing at this address of the API."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest):
    """handler500: JSON under /api/, the site's 500 page elsewhere."""
    if request.path.startswith(API_PATH):
        message = "Something went wrong on our side; it is logged. Try again shortly."
        return JsonResponse(error_body("server_error", message), status=500)
    return defaults.server_error(request)
