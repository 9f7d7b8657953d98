"""The reports queue, the public moderation log, flags and moderators' decisions:
fetch, check, call one action, redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from accounts import permissions as account_permissions
from accounts.models import User
from config.http import require_form_methods
from forum import limits
from forum import permissions as forum_permissions
from forum.models import Post, Thread
from moderation import actions, permissions, querysets
from moderation.forms import (
    SUSPENSION_LENGTHS,
    DeleteMemberForm,
    DuplicateForm,
    FlagForm,
    HideForm,
    LogFilterForm,
    ReasonForm,
    ReportFilterForm,
    ReviewRequestForm,
    SuspendForm,
    input_limits,
)
from moderation.models import FirstLook, SuspiciousVoting
from responses.actions import RequestLimitReached

LOG_PAGE_LENGTH = 50
QUEUE_LENGTH = 50

# --- Pages -----------------------------------------------------------------------------------


@require_safe
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    permissions.check_can_moderate(request.user)
    filters = ReportFilterForm(request.GET)
    # A filter that makes no sense is said so (400) above every report, unfiltered.
    status = 200 if filters.is_valid() else 400
    reason, tag = filters.cleaned_data.get("reason") or None, filters.cleaned_data.get("tag") or None
    posts = list(querysets.flagged_posts(reason=reason, tag=tag)[:QUEUE_LENGTH])
    flagger_ids = {flag.flagger_id for post in posts for flag in post.open_flags}
    return render(
        request,
        "moderation/reports.html",
        {
            "posts": posts,
            "accuracy": querysets.accuracy_by_user(flagger_ids),
            "upheld_against": querysets.upheld_against(post.author_id for post in posts),
            "voting_records": list(querysets.open_voting_records()[:QUEUE_LENGTH]),
            "first_looks": list(querysets.pending_first_looks()[:QUEUE_LENGTH]),
            "review_requests": list(querysets.open_review_requests()[:QUEUE_LENGTH]),
            "filters": filters,
            "hide_form": HideForm(),
            "limits": input_limits(),
        },
        status=status,
    )


@require_safe
def log(request: HttpRequest) -> HttpResponse:
    filters = LogFilterForm(request.GET)
    status = 200 if filters.is_valid() else 400
    action, moderator = filters.cleaned_data.get("action") or None, filters.cleaned_data.get("moderator") or None
    page = Paginator(querysets.log_entries(action=action, moderator=moderator), LOG_PAGE_LENGTH).get_page(
        request.GET.get("page")
    )
    query = {key: value for key, value in (("action", action), ("moderator", moderator)) if value}
    return render(
        request,
        "moderation/log.html",
        {
            "page": page,
            "filters": filters,
            "show_names": permissions.can_see_names_in_log(request.user),
            "query_string": urlencode(query),
        },
        status=status,
    )


# --- Members: flags and review requests --------------------------------------------------------


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
    context = {"post": post, "form": form, "flags_can_hide": permissions.flags_can_hide(request.user)}
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        # A reason this member may not use (asking for an official answer on a thread that is
        # not theirs): said beside the choice, with what they typed kept.
        if refusal := forum_permissions.refusal(permissions.check_can_flag_as, request.user, post, reason):
            form.add_error("reason", refusal)
            return render(request, "moderation/flag.html", context, status=403)
        if limit := limits.exceeded(request, "flag"):
            messages.error(request, limit.message)
            return render(request, "moderation/flag.html", context, status=429)
        try:
            actions.flag_post(post=post, flagger=request.user, reason=reason, note=form.cleaned_data["note"])
        except RequestLimitReached as requests_limit:
            messages.error(request, str(requests_limit))
            return render(request, "moderation/flag.html", context, status=429)
        messages.success(request, "Thank you: the moderators will look at it. “Your flags” shows how it ends.")
        return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
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
# Each decision is a form (a reason, at least) and one action. A bad form is shown again
# (400) with what was typed; a good one acts, says so, and goes back.


def _decide(request: HttpRequest, *, target, form, act, done: str, back) -> HttpResponse:
    if not form.is_valid():
        return render(request, "moderation/decide.html", {"target": target, "form": form}, status=400)
    act(form.cleaned_data)
    messages.success(request, done)
    return redirect(back)


def _on_post(form_class, act, done: str):
    """A decision on a post (dismiss flags, hide, restore): act(post, by, data)."""

    @require_POST
    @login_required
    def view(request: HttpRequest, post_id: int) -> HttpResponse:
        permissions.check_can_moderate(request.user)
        post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id)
        return _decide(
            request,
            target=post,
            form=form_class(request.POST),
            act=lambda data: act(post, request.user, data),
            done=done,
            back=_next(request, post.get_absolute_url()),
        )

    return view


def _on_thread(make_form, act, done: str):
    """A decision on a thread (lock, reopen, close as duplicate): make_form(data, thread),
    act(thread, by, cleaned data)."""

    @require_POST
    @login_required
    def view(request: HttpRequest, thread_id: int) -> HttpResponse:
        permissions.check_can_moderate(request.user)
        thread = get_object_or_404(Thread, pk=thread_id)
        return _decide(
            request,
            target=thread,
            form=make_form(request.POST, thread),
            act=lambda data: act(thread, request.user, data),
            done=done,
            back=thread.get_absolute_url(),
        )

    return view


def _on_member(form_class, act, done: str):
    """Suspending a member, or lifting it: act(member, by, data)."""

    @require_POST
    @login_required
    def view(request: HttpRequest, username: str) -> HttpResponse:
        member = get_object_or_404(User, username=username)
        permissions.check_can_suspend(request.user, member)
        return _decide(
            request,
            target=member,
            form=form_class(request.POST),
            act=lambda data: act(member, request.user, data),
            done=done.format(name=member.name),
            back=member.get_absolute_url(),
        )

    return view


def _on_voting(act, done: str):
    """Reversing serial votes, or keeping them: act(record, by, data)."""

    @require_POST
    @login_required
    def view(request: HttpRequest, record_id: int) -> HttpResponse:
        permissions.check_can_moderate(request.user)
        record = get_object_or_404(SuspiciousVoting, pk=record_id)
        return _decide(
            request,
            target=record,
            form=ReasonForm(request.POST),
            act=lambda data: act(record, request.user, data),
            done=done,
            back="moderation:reports",
        )

    return view


dismiss_flags = _on_post(
    ReasonForm,
    lambda post, by, data: actions.dismiss_flags(post=post, by=by, reason=data["reason"]),
    "Flags dismissed.",
)
hide = _on_post(
    HideForm,
    lambda post, by, data: actions.hide_post(post=post, by=by, rule=data["rule"], reason=data["reason"]),
    "Hidden. Its author can still read and edit it, and ask for a review.",
)
keep_hidden = _on_post(
    ReasonForm,
    lambda post, by, data: actions.keep_hidden(post=post, by=by, reason=data["reason"]),
    "The hide stands; its author is told why.",
)
restore = _on_post(
    ReasonForm,
    lambda post, by, data: actions.restore_post(post=post, by=by, reason=data["reason"]),
    "Restored, with the reputation its hide took.",
)


def _reason_form(data, _target) -> ReasonForm:
    return ReasonForm(data)


lock = _on_thread(
    _reason_form, lambda thread, by, data: actions.lock_thread(thread=thread, by=by, reason=data["reason"]), "Locked."
)
unlock = _on_thread(
    _reason_form,
    lambda thread, by, data: actions.unlock_thread(thread=thread, by=by, reason=data["reason"]),
    "Reopened.",
)
close_as_duplicate = _on_thread(
    lambda data, thread: DuplicateForm(data, thread=thread),
    lambda thread, by, data: actions.close_as_duplicate(
        thread=thread, original=data["original"], by=by, reason=data["reason"]
    ),
    "Closed as a duplicate; it links to the original.",
)
suspend = _on_member(
    SuspendForm,
    lambda member, by, data: actions.suspend_member(
        member=member, by=by, until=timezone.now() + SUSPENSION_LENGTHS[data["days"]], reason=data["reason"]
    ),
    "{name} is suspended.",
)
lift_suspension = _on_member(
    ReasonForm,
    lambda member, by, data: actions.lift_suspension(member=member, by=by, reason=data["reason"]),
    "{name} may write again.",
)
reverse_votes = _on_voting(
    lambda record, by, data: actions.reverse_serial_votes(record=record, by=by, reason=data["reason"]),
    "The votes are reversed.",
)
clear_votes = _on_voting(
    lambda record, by, data: actions.clear_voting_record(record=record, by=by, reason=data["reason"]),
    "The votes stand.",
)


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


@require_POST
@login_required
def first_look_done(request: HttpRequest, look_id: int) -> HttpResponse:
    permissions.check_can_moderate(request.user)
    look = get_object_or_404(FirstLook.objects.select_related("post"), pk=look_id)
    actions.finish_first_look(look=look, by=request.user)
    return redirect("moderation:reports")


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/moderation/") else default
