"""Flags, review requests and moderators' decisions on threads, members and votes: fetch,
check, call one action, redirect or render. The reports queue and decisions on posts are in
queue_views.py, the log in log_views.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts import permissions as account_permissions
from accounts.models import User
from config.http import require_form_methods
from config.limits import limiter
from config.usecases import submit
from forum import limits
from forum.models import Post
from moderation import actions, duplicates, permissions, querysets, usecases
from moderation.forms import (
    DeleteMemberForm,
    DuplicateForm,
    FlagForm,
    ReasonForm,
    ReviewRequestForm,
    SuspendForm,
    input_limits,
)
from moderation.view_helpers import bad_form, next_page

LOG_PAGE_LENGTH = 50

# --- Pages -----------------------------------------------------------------------------------


@require_safe
@login_required
def my_flags(request: HttpRequest) -> HttpResponse:
    """What a member flagged, and how each flag ended."""
    flags = querysets.flags_by(request.user)
    return render(
        request,
        "moderation/my_flags.html",
        {"page": Paginator(flags, LOG_PAGE_LENGTH).get_page(request.GET.get("page"))},
    )


@require_form_methods
@login_required
def flag(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id)
    permissions.check_can_flag(request.user, post)
    form = FlagForm(request.POST or None, offered=permissions.flag_reasons(request.user, post))
    status = 200
    if request.method == "POST":
        count = limiter(request)
        flagged, status = submit(
            request,
            form,
            lambda typed: usecases.flag(request.user, post_id, **typed, limiter=count),
            refused_status=403,
        )
        if flagged:
            messages.success(request, "Thank you: the moderators will look at it. “Your flags” shows how it ends.")
            return redirect(post.get_absolute_url())
    context = {"post": post, "form": form, "flags_can_hide": permissions.flags_can_hide(request.user)}
    return render(request, "moderation/flag.html", context, status=status)


@require_form_methods
@login_required
def request_review(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    permissions.check_can_request_review(request.user, post)
    form = ReviewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "flag"):
            messages.error(request, limit.message)
            return render(request, "moderation/review.html", {"post": post, "form": form}, status=429)
        actions.request_review(post=post, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, "A moderator will look at your post again.")
        return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "moderation/review.html", {"post": post, "form": form}, status=status)


# --- Moderators' decisions ---------------------------------------------------------------------
# Each decision is a form (a reason, at least) and one use case. A bad form is shown again
# (400) with what was typed, once the moderator may decide on what it is about; a good one
# acts, says so, and goes back.


@require_POST
@login_required
def claim_report(request: HttpRequest, post_id: int) -> HttpResponse:
    post = usecases.claim_report(request.user, post_id)
    messages.success(request, "You are on it: the other moderators see it is yours.")
    return redirect(next_page(request, f"{reverse('moderation:reports')}#report-{post.pk}"))


@require_POST
@login_required
def release_report(request: HttpRequest, post_id: int) -> HttpResponse:
    post = usecases.release_report(request.user, post_id)
    messages.success(request, "Released: any moderator can take it.")
    return redirect(next_page(request, f"{reverse('moderation:reports')}#report-{post.pk}"))


@require_POST
@login_required
def lock(request: HttpRequest, thread_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form, usecases.thread_to_decide_on(request.user, thread_id))
    thread = usecases.lock(request.user, thread_id, **form.cleaned_data)
    messages.success(request, "Locked.")
    return redirect(thread)


@require_POST
@login_required
def unlock(request: HttpRequest, thread_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form, usecases.thread_to_decide_on(request.user, thread_id))
    thread = usecases.unlock(request.user, thread_id, **form.cleaned_data)
    messages.success(request, "Reopened.")
    return redirect(thread)


@require_safe
@login_required
def find_duplicate(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Closing as a duplicate, step one: find the original by title (`title`, the thread's own title
    at first), then read it (`original`) before confirming: a typed number closed a waiting
    thread as a duplicate of an unrelated one."""
    thread = usecases.thread_to_decide_on(request.user, thread_id)
    query = request.GET.get("title", "")[:200].strip() or thread.title
    raw = request.GET.get("original", "").strip()
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
    original = duplicates.original_for_preview(number) if number and number != thread.pk else None
    context = {
        "thread": thread,
        "query": query,
        "candidates": duplicates.candidates(thread, query),
        "original": original,
        "missing": raw[:20] if raw and original is None else None,
        "queue_state": duplicates.queue_state(thread.pk),
        "limits": input_limits(),
    }
    return render(request, "moderation/find_duplicate.html", context, status=404 if context["missing"] else 200)


@require_POST
@login_required
def close_as_duplicate(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = usecases.thread_to_decide_on(request.user, thread_id)  # who may, and which, before what was typed
    form = DuplicateForm(request.POST, thread_id=thread.pk)
    if not form.is_valid():
        return bad_form(request, form, thread)
    form.cleaned_data.pop("leaves_queue")
    thread = usecases.close_as_duplicate(request.user, thread_id, **form.cleaned_data)
    messages.success(request, "Closed as a duplicate; it links to the original.")
    return redirect(thread)


@require_POST
@login_required
def suspend(request: HttpRequest, username: str) -> HttpResponse:
    form = SuspendForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form, usecases.member_to_decide_on(request.user, username))
    member = usecases.suspend(request.user, username, **form.cleaned_data)
    messages.success(request, f"{member.name} is suspended.")
    return redirect(member)


@require_POST
@login_required
def lift_suspension(request: HttpRequest, username: str) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form, usecases.member_to_decide_on(request.user, username))
    member = usecases.lift_suspension(request.user, username, **form.cleaned_data)
    messages.success(request, f"{member.name} may write again.")
    return redirect(member)


@require_POST
@login_required
def reverse_votes(request: HttpRequest, record_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form, usecases.voting_record(request.user, record_id))
    usecases.reverse_votes(request.user, record_id, **form.cleaned_data)
    messages.success(request, "The votes are reversed.")
    return redirect("moderation:reports")


@require_POST
@login_required
def clear_votes(request: HttpRequest, record_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form, usecases.voting_record(request.user, record_id))
    usecases.clear_votes(request.user, record_id, **form.cleaned_data)
    messages.success(request, "The votes stand.")
    return redirect("moderation:reports")


@require_POST
@login_required
def delete_member(request: HttpRequest, username: str) -> HttpResponse:
    """A moderator deletes a member's account (a spammer's) from their profile's tools."""
    member = get_object_or_404(User, username=username, deleted_at=None)
    account_permissions.check_can_delete_account(request.user, member)
    form = DeleteMemberForm(request.POST)
    if not form.is_valid():
        return render(request, "moderation/decide.html", {"target": member, "form": form}, status=400)
    deletion = actions.delete_member(
        member=member,
        by=request.user,
        reason=form.cleaned_data["reason"],
        withdraw_posts=form.cleaned_data["withdraw_posts"],
    )
    # Not their name: this message waits in the moderator's session until it is shown.
    done = "The account is deleted and its personal data erased."
    if form.cleaned_data["withdraw_posts"]:
        done += f" {deletion.withdrawn} post{'s' if deletion.withdrawn != 1 else ''} withdrawn"
        done += f"; {deletion.left} left up (hidden already, or questions others answered)." if deletion.left else "."
    messages.success(request, done)
    return redirect("moderation:reports")
