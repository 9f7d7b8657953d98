"""Asking, previewing, answering, replying, and marking an answer official."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from config.htmx_refusals import plain_refusal
from config.http import require_form_methods
from config.limits import TooOften, limiter
from config.usecases import submit
from forum import heat, limits, permissions, usecases
from forum.engine import Held
from forum.forms import BODY_MAX, AnswerForm, AskForm, ReplyForm
from forum.markdown import render_markdown
from forum.models import Thread
from forum.views.thread import render_thread


@require_form_methods
@login_required
def ask(request: HttpRequest) -> HttpResponse:
    permissions.check_can_ask(request.user)
    form = AskForm(request.POST or None)
    status = 200
    if request.method == "POST":
        count = limiter(request)
        thread, status = submit(request, form, lambda typed: usecases.ask(request.user, **typed, limiter=count))
        if thread:
            messages.success(request, "Your question is posted. You will be told when somebody answers.")
            return redirect(thread)
    context = {"form": form, "can_create_tags": permissions.can_create_tags(request.user)}
    return render(request, "forum/ask.html", context, status=status)


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
    # The field being typed in: htmx names it (a form may hold two, as a case's resolve form
    # does: its summary and its public note); "body" for a request without the header.
    body = request.POST.get(request.headers.get("HX-Trigger-Name") or "body", "")
    if len(body) > BODY_MAX:
        return plain_refusal(PREVIEW_TOO_LONG.format(most=BODY_MAX, typed=len(body)), status=400)
    if limit := limits.exceeded(request, "preview"):
        return plain_refusal(limit.message, status=429)
    html = render_markdown(body)
    # A rep sees how their draft reads before it goes out officially (issue 27).
    tone, draft_heat = heat.draft_tone(html) if permissions.can_post_official(request.user) else ("", 0.0)
    # Sanitised by the same allow-list as a saved post, so it may be shown as HTML.
    return render(request, "forum/_preview.html", {"html": mark_safe(html), "tone": tone, "draft_heat": draft_heat})


PREVIEW_TOO_LONG = "Too long to preview: a post holds at most {most:,} characters (you have {typed:,})."


@require_POST
@login_required
def answer(request: HttpRequest, thread_id: int) -> HttpResponse:
    form = AnswerForm(request.POST)
    official = request.POST.get("official") == "1"
    second_look = request.POST.get("second_look") == "1"

    def act(typed: dict):
        return usecases.answer(
            request.user,
            thread_id,
            body=typed["body"],
            official=official,
            second_look=second_look,
            limiter=limiter(request),
        )

    post, status = submit(request, form, act)
    if isinstance(post, Held):  # a rep's official reply on a hot thread, waiting for a lead
        messages.info(request, post.message)
        return redirect(post.get_absolute_url())
    if post:
        return redirect(post.get_absolute_url())
    thread = get_object_or_404(Thread.objects.with_summary(), pk=thread_id)
    permissions.check_can_answer(request.user, thread)  # a refusal of the form's own, for whom it may show
    return render_thread(request, thread, form, status=status)


@require_POST
@login_required
def reply(request: HttpRequest, post_id: int) -> HttpResponse:
    """A reply under the question or an answer. A refused one is shown again under its post,
    with what was typed."""
    form = ReplyForm(request.POST)

    def act(typed: dict):
        return usecases.reply(
            request.user,
            post_id,
            body=typed["body"],
            asks_customer=typed["asks_customer"],
            limiter=limiter(request),
        )

    post, status = submit(request, form, act)
    if post:
        return redirect(post.get_absolute_url())
    parent = usecases.reply_parent(post_id)
    permissions.check_can_reply(request.user, parent)  # a refusal of the form's own, for whom it may show
    return render_thread(request, parent.thread_id, AnswerForm(), reply=(parent.pk, form), status=status)


@require_POST
@login_required
def mark_official(request: HttpRequest, post_id: int) -> HttpResponse:
    return _official(request, usecases.mark_official, post_id)


@require_POST
@login_required
def unmark_official(request: HttpRequest, post_id: int) -> HttpResponse:
    return _official(request, usecases.unmark_official, post_id)


def _official(request: HttpRequest, mark, post_id: int) -> HttpResponse:
    try:
        post = mark(request.user, post_id, limiter=limiter(request))
    except TooOften as refusal:
        return limits.too_often(request, refusal, back=refusal.about)
    return redirect(post.get_absolute_url())
