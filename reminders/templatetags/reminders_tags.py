"""A tag page's "Follow this tag" button, for the weekly digest."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def tag_follow_button(context, tag) -> str:
    return ""
