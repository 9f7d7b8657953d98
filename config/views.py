from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config import health


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.check_all()
    healthy = checks["database"] and checks["broker"]
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale form (expired session, a second tab) gets a page in the site layout."""
    return render(request, "403_csrf.html", status=403)
