"""The second look's pages (responses/second_look.py): the leads' list of official replies
waiting for them, and one reply's page, where a lead approves (as written or edited) or
returns it with a note, and its author reads the note and rewrites it. A refused form comes
back with its page and everything typed (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from config.limits import limiter
from config.usecases import submit
from forum import heat
from forum.markdown import render_markdown
from forum.models import Post
from responses import permissions, usecases
from responses.forms import HeldReplyForm, ReturnHeldReplyForm
from responses.models import HeldReply, QueueThread

RECENTLY_DECIDED = 20


@require_safe
@login_required
def held_replies(request: HttpRequest) -> HttpResponse:
    """Leads: every reply waiting, oldest first (the clock runs), and the latest decided.
    Reps: their own."""
    permissions.check_can_work_queue(request.user)
    reviewer = permissions.can_review(request.user)
    replies = HeldReply.objects.select_related("thread", "author", "reviewed_by")
    if not reviewer:
        replies = replies.filter(author=request.user)
    context = {
        "reviewer": reviewer,
        "waiting": replies.filter(status=HeldReply.Status.PENDING),
        "decided": replies.exclude(status=HeldReply.Status.PENDING).order_by("-reviewed_at", "-pk")[:RECENTLY_DECIDED],
    }
    return render(request, "responses/held_replies.html", context)


def _page(request: HttpRequest, held: HeldReply, *, status: int = 200, **forms) -> HttpResponse:
    html = render_markdown(held.body)  # sanitised by the same allow-list as a saved post
    tone, draft_heat = heat.draft_tone(html)
    timing = (
        QueueThread.objects.filter(pk=held.thread_id)
        .with_lag_and_wait(now=timezone.now())
        .values("lag_minutes", "waited_minutes", "response_state__heat")
        .first()
    )
    reviewer = permissions.can_review(request.user)
    mine = held.author_id == request.user.pk
    pending = held.status == HeldReply.Status.PENDING
    can_decide = reviewer and pending
    can_revise = mine and held.status != HeldReply.Status.PUBLISHED
    context = {
        "refusals": _refusals(
            forms, shown={"approve_form": can_decide, "return_form": can_decide}, can_revise=can_revise
        ),
        "held": held,
        "thread": held.thread,
        "question": Post.objects.question_of(held.thread_id).first(),
        "draft_html": mark_safe(html),
        "tone": tone,
        "draft_heat": draft_heat,
        "timing": timing,
        "mine": mine,
        "can_decide": can_decide,
        "can_revise": can_revise,
        "approve_form": forms.get("approve_form") or HeldReplyForm(initial={"body": held.body}),
        "return_form": forms.get("return_form") or ReturnHeldReplyForm(),
        "revise_form": forms.get("revise_form") or HeldReplyForm(initial={"body": held.body}, prefix="revise"),
    }
    return render(request, "responses/held_reply.html", context, status=status)


def _refusals(forms: dict, *, shown: dict, can_revise: bool) -> list[str]:
    """What stopped a refused form, said above the page: its own errors (another lead decided
    first, the rep's role is gone), and its fields' too when the form is no longer offered
    (it was decided meanwhile), so that nothing is refused without saying why."""
    shown = {**shown, "revise_form": can_revise}
    said = []
    for name, form in forms.items():
        said += form.non_field_errors()
        if not shown[name]:
            said += [error for field in form for error in field.errors]
    return said


@require_safe
@login_required
def held_reply(request: HttpRequest, held_id: int) -> HttpResponse:
    return _page(request, usecases.held_reply(request.user, held_id))


@require_POST
@login_required
def approve(request: HttpRequest, held_id: int) -> HttpResponse:
    form = HeldReplyForm(request.POST)
    count = limiter(request)
    post, status = submit(
        request, form, lambda typed: usecases.approve_held(request.user, held_id, **typed, limiter=count)
    )
    if post:
        messages.success(request, "Approved: the official reply is public, with your second look recorded.")
        return redirect(post.get_absolute_url())
    return _page(request, usecases.held_reply(request.user, held_id), status=status, approve_form=form)


@require_POST
@login_required
def send_back(request: HttpRequest, held_id: int) -> HttpResponse:
    form = ReturnHeldReplyForm(request.POST)
    count = limiter(request)
    held, status = submit(
        request, form, lambda typed: usecases.return_held(request.user, held_id, **typed, limiter=count)
    )
    if held:
        messages.success(request, f"Returned to {held.author.name} with your note; nothing was posted.")
        return redirect("responses:held_replies")
    return _page(request, usecases.held_reply(request.user, held_id), status=status, return_form=form)


@require_POST
@login_required
def revise(request: HttpRequest, held_id: int) -> HttpResponse:
    form = HeldReplyForm(request.POST, prefix="revise")
    count = limiter(request)
    returned = HeldReply.objects.filter(pk=held_id, status=HeldReply.Status.RETURNED).exists()
    held, status = submit(
        request, form, lambda typed: usecases.revise_held(request.user, held_id, **typed, limiter=count)
    )
    if held:
        said = "Sent for a second look again." if returned else "Your draft is changed; it still waits for a lead."
        messages.success(request, said + " The thread's clock keeps running.")
        return redirect(held)
    return _page(request, usecases.held_reply(request.user, held_id), status=status, revise_form=form)
