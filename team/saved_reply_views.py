"""Saved replies: the leads' library at /team/replies/, and a rep inserting one into a
thread's answer box."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from config.http import require_form_methods
from forum import permissions as forum_permissions
from forum.forms import AnswerForm
from forum.models import Thread
from forum.views.thread import render_thread
from team import permissions, saved_replies
from team.forms import DeleteSavedReplyForm, SavedReplyForm
from team.models import SavedReply


@require_form_methods
@login_required
def library(request: HttpRequest) -> HttpResponse:
    """Every saved reply, and the form for a new one."""
    permissions.check_can_manage_team(request.user)
    form = SavedReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved_replies.save_reply(reply=None, by=request.user, **form.cleaned_data)
        messages.success(request, "Saved: reps can start from it on threads with its tag.")
        return redirect("team:saved_replies")
    context = {
        "section": "replies",
        "replies": SavedReply.objects.select_related("tag"),
        "form": form,
        "placeholders": saved_replies.PLACEHOLDERS,
    }
    return render(request, "team/saved_replies.html", context, status=400 if request.method == "POST" else 200)


@require_form_methods
@login_required
def edit(request: HttpRequest, reply_id: int) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    reply = get_object_or_404(SavedReply, pk=reply_id)
    form = SavedReplyForm(request.POST or None, initial=_as_typed(reply))
    if request.method == "POST" and form.is_valid():
        saved_replies.save_reply(reply=reply, by=request.user, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("team:saved_replies")
    return _reply_page(request, reply, form=form, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def delete(request: HttpRequest, reply_id: int) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    reply = get_object_or_404(SavedReply, pk=reply_id)
    form = DeleteSavedReplyForm(request.POST)
    if not form.is_valid():
        return _reply_page(request, reply, delete_form=form, status=400)
    saved_replies.delete_reply(reply=reply, by=request.user)
    messages.success(request, f"“{reply.name}” is deleted.")
    return redirect("team:saved_replies")


def _as_typed(reply: SavedReply) -> dict:
    return {"name": reply.name, "tag": reply.tag_id, "body": reply.body}


def _reply_page(request: HttpRequest, reply: SavedReply, *, form=None, delete_form=None, status: int) -> HttpResponse:
    """A saved reply's page: its form, and deleting it (each shown again as sent when refused)."""
    context = {
        "section": "replies",
        "reply": reply,
        "form": form or SavedReplyForm(initial=_as_typed(reply)),
        "delete_form": delete_form or DeleteSavedReplyForm(),
    }
    return render(request, "team/saved_reply.html", context, status=status)


@require_safe
@login_required
def use(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The thread's page with the saved reply (`?reply=`) filled in and put in the answer box,
    for the rep to edit and post; nothing is posted here."""
    forum_permissions.check_can_post_official(request.user)
    thread = get_object_or_404(Thread.objects.with_summary().select_related("author"), pk=thread_id)
    raw = request.GET.get("reply", "")
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else 0
    reply = get_object_or_404(saved_replies.for_thread(thread), pk=number)
    form = AnswerForm(initial={"body": saved_replies.filled_for(reply, thread)})
    return render_thread(request, thread, form)
