"""The official-response queue, members' requests for an official answer, and the
response-time dashboard: fetch, check, act."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from forum import actions as forum_actions
from forum.forms import AnswerForm
from forum.models import Thread
from responses import actions, permissions
from responses import dashboard as stats
from responses.forms import DismissForm, QueueFilterForm
from responses.models import QueueClaim, QueueDismissal

QUEUE_PAGE_LENGTH = 100
DUE_SOON_LENGTH = 20


@require_safe
@login_required
def official_queue(request: HttpRequest) -> HttpResponse:
    permissions.check_can_work_queue(request.user)
    filters = QueueFilterForm(request.GET)
    filters.is_valid()
    tag, mine = filters.cleaned_data.get("tag") or None, filters.cleaned_data.get("mine", False)
    now = timezone.now()
    queue = Thread.objects.official_queue(now=now, tag=tag, claimed_by=request.user if mine else None)
    due_soon = Thread.objects.due_soon(now=now, tag=tag)[:DUE_SOON_LENGTH] if not mine else []
    dismissals = (
        QueueDismissal.objects.select_related("thread", "dismissed_by")[:20]
        if permissions.can_see_dismissals(request.user)
        else None
    )
    return render(
        request,
        "responses/official_queue.html",
        {
            "items": list(queue[:QUEUE_PAGE_LENGTH]),
            "due_soon": list(due_soon),
            "dismissals": dismissals,
            "can_undismiss": permissions.can_undismiss(request.user),
            "tag": tag,
            "mine": mine,
            "dismiss_form": DismissForm(),
            "answer_form": AnswerForm(),
            # The formula under the queue's heading shows the weights the ordering uses.
            "priority_weights": settings.QUEUE_PRIORITY_WEIGHTS,
        },
    )


def _back(request: HttpRequest):
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/t/") else "responses:official_queue")


@require_POST
@login_required
def claim(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_claim(request.user, thread)
    actions.claim_thread(thread=thread, by=request.user)
    messages.success(request, f"You have claimed “{thread.title}”.")
    return _back(request)


@require_POST
@login_required
def release(request: HttpRequest, thread_id: int) -> HttpResponse:
    permissions.check_can_work_queue(request.user)  # before saying whether there is a claim
    claim = get_object_or_404(QueueClaim.objects.select_related("thread"), thread_id=thread_id)
    permissions.check_can_release(request.user, claim)
    actions.release_thread(thread=claim.thread, by=request.user)
    return _back(request)


@require_POST
@login_required
def dismiss(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_dismiss(request.user, thread)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return render(request, "responses/dismiss.html", {"thread": thread, "form": form}, status=400)
    actions.dismiss_thread(thread=thread, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, f"“{thread.title}” left the queue; your reason is kept for the leads.")
    return redirect("responses:official_queue")


@require_POST
@login_required
def mark_done(request: HttpRequest, thread_id: int) -> HttpResponse:
    permissions.check_can_work_queue(request.user)
    thread = get_object_or_404(Thread, pk=thread_id)
    if actions.mark_done(thread=thread, by=request.user):
        messages.success(request, f"“{thread.title}” is waiting on the customer again.")
    return redirect("responses:official_queue")


@require_POST
@login_required
def undismiss(request: HttpRequest, thread_id: int) -> HttpResponse:
    permissions.check_can_undismiss(request.user)
    thread = get_object_or_404(Thread, pk=thread_id)
    if actions.undismiss_thread(thread=thread, by=request.user):
        messages.success(request, f"“{thread.title}” is back in the queue.")
    return redirect("responses:official_queue")


@require_POST
@login_required
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Answer officially from the queue."""
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_reply_from_queue(request.user, thread)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "responses/reply.html", {"thread": thread, "form": form}, status=400)
    post = forum_actions.post_answer(author=request.user, thread=thread, body=form.cleaned_data["body"], official=True)
    messages.success(request, "Your official reply is posted; the thread has left the queue.")
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def request_official(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_request_official(request.user, thread)
    try:
        asked = actions.request_official_response(thread=thread, by=request.user)
    except actions.RequestLimitReached as limit:
        return render(request, "429.html", {"message": str(limit), "back": thread}, status=429)
    if asked:
        messages.success(request, "The team has been asked for an official answer.")
    else:
        messages.info(request, "You have already asked; the team sees your request.")
    return redirect(thread)


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    permissions.check_can_view_dashboard(request.user)
    return render(request, "responses/dashboard.html", stats.dashboard(now=timezone.now()))
