"""The official-response queue, members' requests for an official answer, and the
response-time dashboard: fetch, check, act."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe
from taggit.models import Tag

from accounts.models import User
from accounts.permissions import holders_of
from config import pagecache
from config.http import require_form_methods
from config.limits import TooOften, limiter
from config.usecases import submit
from forum import limits
from forum.engine import Held
from forum.forms import AnswerForm
from forum.models import Thread
from responses import actions, done, forms, permissions, priority, queue_rows, spikes, usecases
from responses import dashboard as stats
from responses import second_look as second_look_rules
from responses.conf import conf
from responses.forms import QUEUE_PAGE_LENGTH, QUEUE_VIEWS, AssignForm, DismissForm, QueueViewForm, RepTagsForm
from responses.models import HeldReply, QueueClaim, QueueDismissal, QueueThread, RepTag

DUE_SOON_LENGTH = 20


@require_safe
@login_required
@pagecache.kept_page(depends_on=lambda request: ("queue",))
def official_queue(request: HttpRequest) -> HttpResponse:
    permissions.check_can_work_queue(request.user)

    # Ordering 10,000 items by priority costs about half a second of the database, so the
    # page's content is kept per rep, address and "queue" version (config/pagecache.py): a
    # change of the queue, a claim or a new request, renders it again; waits are at most a
    # minute old, and so are the askers' influence and reputation (a vote bumps no "queue").
    def render_body() -> str:
        return render_to_string("responses/_official_queue_body.html", _queue_context(request), request=request)

    body = pagecache.for_this_reader(
        request, "official-queue", request.get_full_path(), depends_on=("site", "queue"), render=render_body
    )
    return render(request, "responses/official_queue.html", {"body": mark_safe(body)})  # our own rendering


def _queue_context(request: HttpRequest) -> dict:
    filters = QueueViewForm(request.GET)
    filters.is_valid()
    tag = filters.cleaned_data.get("tag") or None
    my_tags = list(Tag.objects.filter(pk__in=RepTag.objects.filter(rep=request.user).values("tag_id")))
    show = filters.chosen_view(looks_after_tags=bool(my_tags))
    now = timezone.now()
    queue = QueueThread.objects.queue_view(show, rep=request.user, now=now, tag=tag)
    due_soon = QueueThread.objects.due_soon(now=now, tag=tag)[:DUE_SOON_LENGTH] if show == "all" else []
    dismissals = (
        QueueDismissal.objects.select_related("thread", "dismissed_by")[:20]
        if permissions.can_see_dismissals(request.user)
        else None
    )
    can_assign = permissions.can_assign(request.user)
    return {
        "filters": filters,
        # Each row opens inline on the question, the customer's latest and the answers so far,
        # read for all rows at once (responses/queue_rows.py).
        "items": second_look_rules.offer_on_rows(
            request.user, queue_rows.attach_conversations(queue.head(QUEUE_PAGE_LENGTH))
        ),
        "due_soon": list(due_soon),
        "dismissals": dismissals,
        "can_undismiss": permissions.can_undismiss(request.user),
        "tag": tag,
        "show": show,
        "views": QUEUE_VIEWS,
        "my_tags": my_tags,
        "assign_form": AssignForm(reps=queue_workers()) if can_assign else None,
        "dismiss_form": DismissForm(),
        "done_form": forms.DoneForm(),
        "answer_form": AnswerForm(),
        # Leads: how many reps' official replies wait for their second look (second_look.py).
        "held_waiting": HeldReply.objects.filter(status=HeldReply.Status.PENDING).count()
        if permissions.can_review(request.user)
        else 0,
        "heat_hot": conf.HEAT_HOT,
        "weights": priority.current_weights(),
        "starvation_points": priority.STARVATION_POINTS,
        "tail_points": priority.TAIL_POINTS,
        "community_max": priority.COMMUNITY_MAX,
        "influence_max": priority.RELATIVE_MAX + priority.ABSOLUTE_MAX,
        "interest_half_life_hours": round(conf.INTEREST_HALF_LIFE.total_seconds() / 3600, 1),
        "spiking_tags": spikes.spiking_tags() if permissions.can_assign(request.user) else [],
    }


def queue_workers():
    """Everyone a lead can assign a thread to, by name."""
    return User.objects.filter(pk__in=holders_of("work_official_queue").values("pk")).order_by(
        "display_name", "username"
    )


@require_POST
@login_required
def assign(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    if not permissions.can_assign(request.user):
        raise PermissionDenied("Only a lead can assign a thread to a representative.")
    form = AssignForm(request.POST, reps=queue_workers())
    if not form.is_valid():
        messages.error(request, form.errors["rep"][0])
        return _back(request)
    rep = User.objects.get(pk=form.cleaned_data["rep"])
    permissions.check_can_assign(request.user, thread, rep)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=thread)
    if actions.assign_thread(thread=thread, rep=rep, by=request.user):
        messages.success(request, f"“{thread.title}” is assigned to {rep.name}, who has been told.")
    else:
        messages.info(request, f"{rep.name} already has “{thread.title}”.")
    return _back(request)


@require_form_methods
@login_required
def my_tags(request: HttpRequest) -> HttpResponse:
    """The tags a rep looks after."""
    permissions.check_can_work_queue(request.user)
    current = RepTag.objects.filter(rep=request.user).values_list("tag_id", flat=True)
    form = RepTagsForm(request.POST or None, initial={"tags": list(current)})
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "responses/my_tags.html", {"form": form}, status=400)
        if limit := limits.exceeded(request, "official"):
            messages.error(request, limit.message)
            return render(request, "responses/my_tags.html", {"form": form}, status=429)
        actions.set_rep_tags(rep=request.user, tag_ids=[tag.pk for tag in form.cleaned_data["tags"]])
        messages.success(request, "Your tags are saved: your queue starts with their threads.")
        return redirect("responses:official_queue")
    return render(request, "responses/my_tags.html", {"form": form})


def _back(request: HttpRequest):
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/t/") else "responses:official_queue")


@require_POST
@login_required
def claim(request: HttpRequest, thread_id: int) -> HttpResponse:
    try:
        thread = usecases.claim(request.user, thread_id, limiter=limiter(request))
    except TooOften as refusal:
        return limits.too_often(request, refusal, back=refusal.about)
    messages.success(request, f"You have claimed “{thread.title}”.")
    return _back(request)


@require_POST
@login_required
def release(request: HttpRequest, thread_id: int) -> HttpResponse:
    permissions.check_can_work_queue(request.user)  # before saying whether there is a claim
    # By the thread's own id, which Django checks against the bigint range: one past it is a 404.
    claim = get_object_or_404(QueueClaim.objects.select_related("thread"), thread__pk=thread_id)
    permissions.check_can_release(request.user, claim)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=claim.thread)
    actions.release_thread(thread=claim.thread, by=request.user)
    return _back(request)


@require_POST
@login_required
def dismiss(request: HttpRequest, thread_id: int) -> HttpResponse:
    form = DismissForm(request.POST)
    count = limiter(request)
    thread, status = submit(
        request, form, lambda typed: usecases.dismiss(request.user, thread_id, **typed, limiter=count)
    )
    if thread:
        messages.success(request, f"“{thread.title}” left the queue; your reason is kept for the leads.")
        return redirect("responses:official_queue")
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_dismiss(request.user, thread)  # a refusal of the form's own, for whom it may show
    return render(request, "responses/dismiss.html", {"thread": thread, "form": form}, status=status)


@require_POST
@login_required
def mark_done(request: HttpRequest, thread_id: int) -> HttpResponse:
    """ "Done without a reply", with a reason; the message that says so can undo it."""
    form = forms.DoneForm(request.POST)
    count = limiter(request)
    marked, status = submit(
        request, form, lambda typed: usecases.mark_done(request.user, thread_id, **typed, limiter=count)
    )
    if marked:
        thread, record = marked
        if record is None:
            messages.info(request, f"No follow-up waits on “{thread.title}”; nothing was changed.")
        else:
            # Our own rendering, the title escaped in it: a message with its Undo form.
            undo = render_to_string("responses/_done_message.html", {"thread": thread}, request=request)
            messages.success(request, undo)
        return _back(request)
    permissions.check_can_work_queue(request.user)  # a refusal of the form's own, for whom it may show
    thread = get_object_or_404(Thread, pk=thread_id)
    return render(request, "responses/done.html", {"thread": thread, "form": form}, status=status)


@require_POST
@login_required
def undo_done(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Take a "done" back within DONE_UNDO_WINDOW, from the message or the thread's panel."""
    try:
        thread = usecases.undo_done(request.user, thread_id, limiter=limiter(request))
    except TooOften as refusal:
        return limits.too_often(request, refusal, back=refusal.about)
    except done.CannotUndo as refusal:
        thread = get_object_or_404(Thread, pk=thread_id)
        context = {"thread": thread, "reason": str(refusal)}
        return render(request, "responses/undo_refused.html", context, status=409)
    messages.success(request, f"“{thread.title}” is back in the queue as it was: its place, its clock and its claim.")
    return _back(request)


@require_POST
@login_required
def undismiss(request: HttpRequest, thread_id: int) -> HttpResponse:
    permissions.check_can_undismiss(request.user)
    thread = get_object_or_404(Thread, pk=thread_id)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=thread)
    if actions.undismiss_thread(thread=thread, by=request.user):
        messages.success(request, f"“{thread.title}” is back in the queue.")
    return redirect("responses:official_queue")


@require_POST
@login_required
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Answer officially from the queue."""
    form = AnswerForm(request.POST)
    count = limiter(request)
    second_look = request.POST.get("second_look") == "1"

    def act(typed: dict):
        return usecases.reply(request.user, thread_id, **typed, second_look=second_look, limiter=count)

    post, status = submit(request, form, act)
    if isinstance(post, Held):  # on a hot thread, waiting for a lead (second_look.py)
        messages.info(request, post.message)
        return redirect(post.get_absolute_url())
    if post:
        messages.success(request, "Your official reply is posted; the thread has left the queue.")
        return redirect(post.get_absolute_url())
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_reply_from_queue(request.user, thread)  # as above
    context = {"thread": thread, "form": form, "second_look": second_look_rules.second_look_for(request.user, thread)}
    return render(request, "responses/reply.html", context, status=status)


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
