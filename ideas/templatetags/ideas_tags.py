"""An idea's status badge. Its panel on forum's thread page is ideas/panels.py."""

from django import template

from ideas.models import IdeaStatus

register = template.Library()


@register.inclusion_tag("ideas/_status_badge.html")
def idea_status(status: str) -> dict:
    return {"status": status, "label": IdeaStatus(status).label}
