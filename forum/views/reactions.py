"""Votes, accepting, "me too" and following: small writes that answer in place under htmx."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from config.limits import TooOften, limiter
from config.usecases import Invalid
from forum import actions, limits, permissions, usecases
from forum.forms import AnswerForm
from forum.models import Thread
from forum.views.thread import render_thread


@require_POST
@login_required
def vote(request: HttpRequest, post_id: int) -> HttpResponse:
    try:
        voted = usecases.vote(request.user, post_id, request.POST.get("value", ""), limiter=limiter(request))
    except Invalid as invalid:
        return HttpResponseBadRequest(invalid.errors["value"][0])
    except TooOften as refusal:
        return limits.too_often(request, refusal, back=refusal.about)
    post = voted.post
    if request.htmx:
        post.score, post.viewer_vote = voted.score, voted.value
        return render(request, "forum/_vote.html", {"post": post})
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def accept(request: HttpRequest, post_id: int) -> HttpResponse:
    return _accepting(request, usecases.accept, post_id)


@require_POST
@login_required
def unaccept(request: HttpRequest, post_id: int) -> HttpResponse:
    return _accepting(request, usecases.unaccept, post_id)


def _accepting(request: HttpRequest, verb, post_id: int) -> HttpResponse:
    try:
        post = verb(request.user, post_id, limiter=limiter(request))
    except TooOften as refusal:
        return limits.too_often(request, refusal, back=refusal.about)
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
