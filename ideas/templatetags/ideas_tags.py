"""An idea's status, note and history on its thread page; a support thread's link to an idea."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def idea_panel(context, thread) -> str:
    return ""
