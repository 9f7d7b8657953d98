"""The engine's parts of the site's header: the queue link, and who may see the queue and the
dashboard. Its parts of forum's pages are panels (responses/panels.py)."""

from django import template

from config import pagecache
from responses import permissions
from responses.models import QueueThread

register = template.Library()


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
    # once per "queue" version for every rep, not on each of their pages.
    count = pagecache.fragment(
        "queue-count", depends_on=("queue",), render=QueueThread.objects.awaiting_official().count
    )
    return {"show": True, "count": count}
