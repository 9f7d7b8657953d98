"""Private cases on public pages: the "reached out privately" note, the rep's button."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def case_note(context, thread) -> str:
    return ""


@register.simple_tag(takes_context=True)
def open_case_button(context, thread) -> str:
    return ""
