"""The reports queue's helpers; moderation's pieces of other apps' pages are panels
(moderation/panels.py)."""

from django import template

from config import pagecache
from moderation import permissions
from moderation.panels import member_tools
from moderation.querysets import waiting_count
from moderation.queue import NEEDS_A_REASON

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key)


@register.simple_tag
def accuracy_text(accuracy: dict, user_id: int) -> str:
    """ "7 of 9 upheld" for a flagger, or "no decided flags yet"."""
    upheld, decided = accuracy.get(user_id, (0, 0))
    return f"{upheld} of {decided} upheld" if decided else "no decided flags yet"


@register.filter
def asks_a_reason(decisions) -> bool:
    """Whether a decision control offers a decision the log needs a reason for."""
    return any(value in NEEDS_A_REASON for value, _ in decisions)


@register.inclusion_tag("moderation/_member_tools.html", takes_context=True)
def member_moderation(context, member) -> dict:
    """A member's moderation tools on a row of the reports queue (moderation/panels.py puts
    them, with deletion, on their profile)."""
    return member_tools(context, person=member)


@register.filter
def can_moderate(user) -> bool:
    from moderation import permissions

    return permissions.can_moderate(user)


@register.inclusion_tag("moderation/_reports_link.html", takes_context=True)
def reports_link(context) -> dict:
    """The header's "Reports" link for moderators, with how many items wait for them: the
    reps' Queue link's twin. Counted once per "reports" version, not on every page."""
    user = context["user"]
    if not permissions.can_moderate(user):
        return {"show": False}
    return {"show": True, "count": pagecache.fragment("reports-count", depends_on=("reports",), render=waiting_count)}
