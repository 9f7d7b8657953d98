from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as site_urlpatterns
from forum.models import ThreadEvent


def hello(request):
    return HttpResponse("Hello, world")


@require_POST
@login_required
def insert(request, thread_id: int):
    """The writes' baseline (bench/writes_http.py): one row in a transaction, behind the same
    middleware, session and CSRF check as the site's writes, answered as they answer (a 302)."""
    with transaction.atomic():
        ThreadEvent.objects.create(thread_id=thread_id, actor=request.user, kind=ThreadEvent.Kind.ACCEPTED)
    return redirect(f"/t/{thread_id}/")


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/insert/<int:thread_id>/", insert, name="bench_insert"),
    *site_urlpatterns,
]
