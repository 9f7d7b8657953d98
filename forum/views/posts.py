"""A post's life after it is written: editing, its revisions, redaction, withdrawing and restoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import carries_verified_badge
from config.http import require_form_methods
from forum import actions, limits, permissions
from forum.diff import revision_diffs
from forum.forms import EditPostForm
from forum.models import Post, Revision


@require_form_methods
@login_required
def edit_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    permissions.check_can_edit(request.user, post)
    initial = {"body": post.body, "title": post.thread.title}
    by_author = post.author_id == request.user.pk
    form = EditPostForm(
        request.POST or None,
        initial=initial,
        is_question=post.is_question,
        is_reply=post.is_reply,
        by_author=by_author,
    )
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "edit"):
            messages.error(request, limit.message)
            return render(request, "forum/edit_post.html", {"form": form, "post": post}, status=429)
        actions.edit_post(
            post=post,
            editor=request.user,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title"),
            reason=form.cleaned_data.get("reason", ""),
        )
        told = "" if by_author else " Its author is told why."
        messages.success(request, f"Your edit is saved; the earlier text is kept in the revision history.{told}")
        return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "forum/edit_post.html", {"form": form, "post": post}, status=status)


@require_safe
def revisions(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    # A post's history is its text too: a tombstone's is for those who may read the post.
    if not permissions.can_read_post(request.user, post):
        raise PermissionDenied(permissions.tombstone_text(post))
    history = list(
        Revision.objects.filter(post=post)
        .select_related("editor", "redacted_by")
        .annotate(editor_is_verified=carries_verified_badge("editor_id"))
        .order_by("number")
    )
    latest = history[-1].number if history else 0
    for revision in history:
        revision.post = post  # the permission reads it; no query per revision
        revision.can_redact = permissions.can_redact(request.user, revision, latest_number=latest)
    return render(request, "forum/revisions.html", {"post": post, "diffs": revision_diffs(history)})


@require_form_methods
@login_required
def redact_revision(request: HttpRequest, post_id: int, number: int) -> HttpResponse:
    """GET: what redacting this revision does, and the button; POST: redact it."""
    revision = get_object_or_404(
        Revision.objects.select_related("post__thread", "post__author", "editor"), post_id=post_id, number=number
    )
    latest = Revision.objects.filter(post_id=post_id).aggregate(latest=Max("number"))["latest"]
    permissions.check_can_redact(request.user, revision, latest_number=latest)
    if request.method == "POST":
        if limit := limits.exceeded(request, "edit"):
            return limits.too_often(request, limit, back=revision.post.thread)
        actions.redact_revision(revision=revision, by=request.user)
        messages.success(
            request, f"Revision {number} is redacted. The public moderation log records who did it and when."
        )
        return redirect("forum:revisions", post_id=post_id)
    return render(request, "forum/redact_revision.html", {"revision": revision, "post": revision.post})


@require_POST
@login_required
def withdraw(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    permissions.check_can_withdraw(request.user, post)
    if limit := limits.exceeded(request, "edit"):
        return limits.too_often(request, limit, back=post.thread)
    actions.withdraw_post(post=post, by=request.user)
    post.refresh_from_db()
    until = date_format(localtime(post.restorable_until), "DATE_FORMAT")
    messages.success(
        request,
        f"Withdrawn: others see “withdrawn by its author” in its place, and what it earned is taken back. "
        f"You can restore it here until {until}.",
    )
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def restore_withdrawn(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    permissions.check_can_restore_withdrawn(request.user, post)
    if limit := limits.exceeded(request, "edit"):
        return limits.too_often(request, limit, back=post.thread)
    actions.restore_withdrawn_post(post=post, by=request.user)
    messages.success(request, "Restored, with the reputation its withdrawal took.")
    return redirect(post.get_absolute_url())
