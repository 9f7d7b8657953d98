"""The official-response queue and the response-time dashboard: fetch, check, act."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from forum import actions as forum_actions
from forum import permissions as forum_permissions
from forum.forms import AnswerForm
from forum.models import Thread
from moderation import actions, permissions, queue
from moderation import dashboard as stats
from moderation.forms import DismissForm, QueueFilterForm
from moderation.models import QueueDismissal


@require_safe
@login_required
def official_queue(request: HttpRequest) -> HttpResponse:
    permissions.check_can_work_queue(request.user)
    filters = QueueFilterForm(request.GET)
    filters.is_valid()
    tag, mine = filters.cleaned_data.get("tag") or None, filters.cleaned_data.get("mine", False)
    now = timezone.now()
    items = list(queue.official_queue(now=now, tag=tag, claimed_by=request.user if mine else None)[:100])
    due_soon = list(queue.due_soon(now=now, tag=tag)[:20]) if not mine else []
    dismissals = (
        QueueDismissal.objects.select_related("thread", "dismissed_by")[:20]
        if permissions.can_see_dismissals(request.user)
        else None
    )
    return render(
        request,
        "moderation/official_queue.html",
        {
            "items": items,
            "due_soon": due_soon,
            "dismissals": dismissals,
            "tag": tag,
            "mine": mine,
            "dismiss_form": DismissForm(),
            "answer_form": AnswerForm(),
        },
    )


def _queue_thread(request: HttpRequest, thread_id: int) -> Thread:
    permissions.check_can_work_queue(request.user)
    return get_object_or_404(Thread, pk=thread_id)


def _back(request: HttpRequest):
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/t/") else "moderation:official_queue")


@require_POST
@login_required
def claim(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _queue_thread(request, thread_id)
    actions.claim_thread(thread=thread, by=request.user)
    messages.success(request, f"You have claimed “{thread.title}”.")
    return _back(request)


@require_POST
@login_required
def release(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _queue_thread(request, thread_id)
    actions.release_thread(thread=thread, by=request.user)
    return _back(request)


@require_POST
@login_required
def dismiss(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _queue_thread(request, thread_id)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return render(request, "moderation/dismiss.html", {"thread": thread, "form": form}, status=400)
    actions.dismiss_thread(thread=thread, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, f"“{thread.title}” left the queue; your reason is kept for the leads.")
    return redirect("moderation:official_queue")


@require_POST
@login_required
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Answer officially from the queue."""
    thread = _queue_thread(request, thread_id)
    forum_permissions.check_can_post_official(request.user)
    forum_permissions.check_can_answer(request.user, thread)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "moderation/reply.html", {"thread": thread, "form": form}, status=400)
    post = forum_actions.post_answer(author=request.user, thread=thread, body=form.cleaned_data["body"], official=True)
    messages.success(request, "Your official reply is posted; the thread has left the queue.")
    return redirect(post.get_absolute_url())


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    permissions.check_can_view_dashboard(request.user)
    return render(request, "moderation/dashboard.html", stats.dashboard(now=timezone.now()))
