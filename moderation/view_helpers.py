"""What moderation's decision views share: a refused form shown again, the page to go back
to, and the confirmation a penalising hide asks for."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from forum import reputation
from forum.models import Post
from moderation.actions.decisions import HIDE_REASONS


def bad_form(request: HttpRequest, form, target) -> HttpResponse:
    """A decision's form refused (400), shown again with what was typed, once the moderator
    may decide on what it is about (`target`)."""
    return render(request, "moderation/decide.html", {"target": target, "form": form}, status=400)


def next_page(request: HttpRequest, default: str) -> str:
    """Where a decision goes back to: the moderation page it was made on, or `default`."""
    target = request.POST.get("next", "")
    return target if target.startswith("/moderation/") else default


def confirm_hide(request: HttpRequest, post: Post, *, rule: str, reason: str) -> HttpResponse:
    """Spam and abuse cost the author reputation: the moderator confirms, told how much."""
    context = {
        "post": post,
        "decision": f"hide:{rule}",
        "label": HIDE_REASONS[rule],
        "reason": reason,
        "cost": reputation.hide_penalty(post),
        "next": next_page(request, post.get_absolute_url()),
    }
    return render(request, "moderation/confirm_hide.html", context)
