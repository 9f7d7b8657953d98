"""The engine's parts of forum pages: the reps' panel and the official-request button.
forum's templates load these, so forum's views need nothing from the engine."""

from django import template

from config import pagecache
from responses import panel, permissions
from responses.models import QueueThread

register = template.Library()


@register.inclusion_tag("responses/_rep_panel.html", takes_context=True)
def rep_panel(context, thread) -> dict:
    user = context["user"]
    return {
        # The engine's panel is for questions: ideas and announcements never wait on the company.
        "panel": panel.rep_panel(thread) if thread.kind == "question" and permissions.can_work_queue(user) else None,
        "thread": thread,
        "user": user,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("responses/_official_request.html", takes_context=True)
def official_request_button(context, thread) -> dict:
    return {
        "can_request": permissions.can_request_official(context["user"], thread),
        "thread": thread,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def can_work_queue(user) -> bool:
    return permissions.can_work_queue(user)


@register.filter
def can_view_dashboard(user) -> bool:
    return permissions.allowed(permissions.check_can_view_dashboard, user)


@register.inclusion_tag("responses/_queue_link.html", takes_context=True)
def queue_link(context) -> dict:
    """The header's "Queue" link for reps and leads, with how many wait in it."""
    user = context["user"]
    if not permissions.can_work_queue(user):
        return {"show": False}
    # Counting the queue reads every thread waiting in it (a fifth of a second at 10,000):
    # once per content version for every rep, not on each of their pages.
    count = pagecache.fragment("queue-count", render=QueueThread.objects.awaiting_official().count)
    return {"show": True, "count": count}
