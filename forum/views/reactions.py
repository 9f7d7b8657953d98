"""Votes, accepting, "me too" and following: small writes that answer in place under htmx."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from forum import actions, limits, permissions
from forum.forms import VOTE_VALUES, AnswerForm
from forum.models import Post, Thread
from forum.permissions import answer_to_act_on
from forum.views.thread import render_thread


@require_POST
@login_required
def vote(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    value = VOTE_VALUES.get(request.POST.get("value", ""))
    if value is None:
        return HttpResponseBadRequest("value must be up, down or none")
    permissions.check_can_vote(request.user, post, value)
    if limit := limits.exceeded(request, "vote"):
        return limits.too_often(request, limit, back=post.thread)
    score = actions.cast_vote(voter=request.user, post=post, value=value)
    if request.htmx:
        post.score, post.viewer_vote = score, value
        return render(request, "forum/_vote.html", {"post": post})
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def accept(request: HttpRequest, post_id: int) -> HttpResponse:
    post = answer_to_act_on(post_id)
    permissions.check_can_accept(request.user, post.thread)
    if limit := limits.exceeded(request, "accept"):
        return limits.too_often(request, limit, back=post.thread)
    actions.accept_answer(post=post, by=request.user)
    if request.htmx:
        return _thread_in_place(request, post.thread_id)
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def unaccept(request: HttpRequest, post_id: int) -> HttpResponse:
    post = answer_to_act_on(post_id)
    permissions.check_can_accept(request.user, post.thread)
    if limit := limits.exceeded(request, "accept"):
        return limits.too_often(request, limit, back=post.thread)
    if post.thread.accepted_post_id == post.pk:
        actions.unaccept_answer(thread=post.thread, by=request.user)
    if request.htmx:
        return _thread_in_place(request, post.thread_id)
    return redirect(post.get_absolute_url())


def _thread_in_place(request: HttpRequest, thread_id: int) -> HttpResponse:
    """htmx: the thread as it is now (the accepted answer first, the solved mark), which the
    accept form swaps in for the thread on the page; no redirect, so no view is counted."""
    thread = get_object_or_404(Thread.objects.for_list().select_related("duplicate_of"), pk=thread_id)
    return render_thread(request, thread, AnswerForm())


def _set_me_too(request: HttpRequest, thread_id: int, *, on: bool) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_me_too(request.user, thread)
    if limit := limits.exceeded(request, "me_too"):
        return limits.too_often(request, limit, back=thread)
    count = actions.set_me_too(user=request.user, thread=thread, on=on)
    if request.htmx:
        return render(request, "forum/_me_too.html", {"thread": thread, "me_too": on, "count": count})
    return redirect(thread)


@require_POST
@login_required
def me_too(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _set_me_too(request, thread_id, on=True)


@require_POST
@login_required
def not_me_too(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _set_me_too(request, thread_id, on=False)


@require_POST
@login_required
def follow(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_follow(request.user)
    if limit := limits.exceeded(request, "follow"):
        return limits.too_often(request, limit, back=thread)
    actions.follow_thread(user=request.user, thread=thread)
    if request.htmx:
        return render(request, "forum/_follow.html", {"thread": thread, "following": True})
    return redirect(thread)


@require_POST
@login_required
def unfollow(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_follow(request.user)
    if limit := limits.exceeded(request, "follow"):
        return limits.too_often(request, limit, back=thread)
    actions.unfollow_thread(user=request.user, thread=thread)
    if request.htmx:
        return render(request, "forum/_follow.html", {"thread": thread, "following": False})
    return redirect(thread)
