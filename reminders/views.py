"""Fetch, check, call one action, then redirect or render. No rules live here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from taggit.models import Tag

from forum import limits
from reminders import actions, permissions
from reminders.buttons import follow_button


def _back(request: HttpRequest, tag: Tag) -> HttpResponse:
    """Where the button was: the settings page's list of followed tags, or the tag's page.
    A fixed choice rather than a URL sent by the browser, so nothing here redirects off the site."""
    if request.POST.get("back") == "settings":
        return redirect("accounts:settings")
    return redirect("forum:tag", slug=tag.slug)


@require_POST
@login_required
def follow_tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    permissions.check_can_follow_tags(request.user)
    if limit := limits.exceeded(request, "follow"):
        return limits.too_often(request, limit)
    actions.follow_tag(user=request.user, tag=tag)
    if request.htmx:
        return render(request, "reminders/_tag_follow.html", follow_button(request.user, tag, following=True))
    if request.user.weekly_digest:
        messages.success(request, f"You follow {tag.name}: its unanswered questions come in your weekly digest.")
    else:
        messages.success(
            request, f"You follow {tag.name}. Choose the weekly digest in your settings to hear of its questions."
        )
    return _back(request, tag)


@require_POST
@login_required
def unfollow_tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    permissions.check_can_unfollow_tags(request.user)
    if limit := limits.exceeded(request, "follow"):
        return limits.too_often(request, limit)
    actions.unfollow_tag(user=request.user, tag=tag)
    if request.htmx:
        return render(request, "reminders/_tag_follow.html", follow_button(request.user, tag, following=False))
    messages.success(request, f"You no longer follow {tag.name}.")
    return _back(request, tag)
