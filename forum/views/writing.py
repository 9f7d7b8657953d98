"""Asking, previewing, answering, and marking an answer official."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from config.htmx_refusals import plain_refusal
from config.http import require_form_methods
from forum import actions, limits, permissions
from forum.forms import BODY_MAX, AnswerForm, AskForm
from forum.markdown import render_markdown
from forum.models import Thread
from forum.permissions import answer_to_act_on
from forum.views.thread import render_thread


@require_form_methods
@login_required
def ask(request: HttpRequest) -> HttpResponse:
    permissions.check_can_ask(request.user)
    can_create = permissions.can_create_tags(request.user)
    form = AskForm(request.POST or None, can_create_tags=can_create)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "ask"):
            messages.error(request, limit.message)
            return render(request, "forum/ask.html", {"form": form, "can_create_tags": can_create}, status=429)
        thread = actions.ask_question(
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )
        messages.success(request, "Your question is posted. You will be told when somebody answers.")
        return redirect(thread)
    status = 400 if request.method == "POST" else 200
    return render(request, "forum/ask.html", {"form": form, "can_create_tags": can_create}, status=status)


@require_safe
def similar_threads(request: HttpRequest) -> HttpResponse:
    """htmx: threads like the title being typed, so that duplicates are found first."""
    title = request.GET.get("title", "")[:150]
    threads = Thread.objects.similar_to(title) if len(title) >= 8 else Thread.objects.none()
    return render(request, "forum/_similar_threads.html", {"threads": threads})


@require_POST
@login_required
def preview(request: HttpRequest) -> HttpResponse:
    """htmx: the Markdown being written, through the same pipeline as a saved post. Only
    for members (who are the only ones with something to post), as often as the "preview"
    limit allows and as long as a post may be: it makes the server work for every pause in
    typing."""
    body = request.POST.get("body", "")
    if len(body) > BODY_MAX:
        return plain_refusal(PREVIEW_TOO_LONG.format(most=BODY_MAX, typed=len(body)), status=400)
    if limit := limits.exceeded(request, "preview"):
        return plain_refusal(limit.message, status=429)
    # Sanitised by the same allow-list as a saved post, so it may be shown as HTML.
    return render(request, "forum/_preview.html", {"html": mark_safe(render_markdown(body))})


PREVIEW_TOO_LONG = "Too long to preview: a post holds at most {most:,} characters (you have {typed:,})."


@require_POST
@login_required
def answer(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.with_summary(), pk=thread_id)
    permissions.check_can_answer(request.user, thread)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render_thread(request, thread, form, status=400)
    if limit := limits.exceeded(request, "answer"):
        messages.error(request, limit.message)
        return render_thread(request, thread, form, status=429)
    official = request.POST.get("official") == "1"
    if official:
        permissions.check_can_post_official(request.user)
    post = actions.post_answer(author=request.user, thread=thread, body=form.cleaned_data["body"], official=official)
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def mark_official(request: HttpRequest, post_id: int) -> HttpResponse:
    post = answer_to_act_on(post_id)
    permissions.check_can_post_official(request.user)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=post.thread)
    actions.mark_official(post=post, by=request.user)
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def unmark_official(request: HttpRequest, post_id: int) -> HttpResponse:
    post = answer_to_act_on(post_id)
    permissions.check_can_post_official(request.user)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=post.thread)
    actions.unmark_official(post=post, by=request.user)
    return redirect(post.get_absolute_url())
