"""`{% panels "forum.thread.actions" thread=thread %}`: render what the apps above have put
in a slot of this page (config/panels.py)."""

from django import template
from django.utils.safestring import mark_safe

from config.panels import slot

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: template.Context, name: str, **arguments: object) -> str:
    # Each panel is its own template's rendering, escaped as templates escape.
    return mark_safe(slot(name).render(context, **arguments))
