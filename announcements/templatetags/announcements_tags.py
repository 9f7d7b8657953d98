"""The incident banner (every page) and the pinned announcements (home and tag pages)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def incident_banner(context) -> str:
    return ""


@register.simple_tag(takes_context=True)
def pinned_announcements(context, tag=None) -> str:
    return ""
