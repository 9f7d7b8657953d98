"""An idea's status, note and history on its thread page; a support thread's link to an idea.
forum's thread page loads this, so forum's views need nothing from ideas."""

from django import template
from django.conf import settings

from forum.models import Thread
from ideas import panel, permissions
from ideas.forms import LinkForm, StatusForm
from ideas.models import IdeaStatus

register = template.Library()


@register.inclusion_tag("ideas/_idea_panel.html", takes_context=True)
def idea_panel(context, thread) -> dict:
    """On an idea: its panel (three small queries). On a question: its link to an idea, if
    any (one query). On anything else: nothing, and no query."""
    user = context["user"]
    shown = {
        "thread": thread,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "company_name": settings.COMPANY_NAME,
    }
    if thread.kind == Thread.Kind.IDEA:
        idea_panel = panel.idea_panel(thread)
        can_set = permissions.can_set_idea_status(user, idea_panel.idea)
        return shown | {"panel": idea_panel, "status_form": StatusForm() if can_set else None}
    if thread.kind == Thread.Kind.QUESTION:
        can_link = permissions.can_link_to_idea(user, thread)
        return shown | {"link": panel.linked_idea(thread), "link_form": LinkForm() if can_link else None}
    return shown


@register.inclusion_tag("ideas/_status_badge.html")
def idea_status(status: str) -> dict:
    return {"status": status, "label": IdeaStatus(status).label}
