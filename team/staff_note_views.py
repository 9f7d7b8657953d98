"""Adding a staff note from a thread's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from config.limits import exceeded
from forum.forms import AnswerForm
from forum.models import Thread
from forum.views.thread import render_thread
from team import permissions
from team.staff_notes import NOTE, add_staff_note


@require_POST
@login_required
def add(request: HttpRequest, thread_id: int) -> HttpResponse:
    permissions.check_can_write_staff_notes(request.user)
    thread = get_object_or_404(Thread, pk=thread_id)
    body = request.POST.get("body", "")
    errors = NOTE.errors(body)
    limit = None if errors else exceeded(request, "official")
    if errors or limit:
        for error in errors or [limit.message]:
            messages.error(request, error)
        request.staff_note = body  # shown again in the panel: nothing typed is lost
        return render_thread(request, thread.pk, AnswerForm(), status=429 if limit else 400)
    add_staff_note(thread=thread, by=request.user, body=NOTE.cleaned(body))
    messages.success(request, "Your note is added: only staff see it.")
    return redirect(f"{thread.get_absolute_url()}#staff-notes")
