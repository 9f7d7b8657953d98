"""Template filters that ask forum/permissions.py; templates never decide permissions."""

from django import template

from forum import permissions

register = template.Library()


@register.filter
def can_edit(user, post) -> bool:
    return permissions.can_edit(user, post)


@register.filter
def can_read_hidden(user, post) -> bool:
    return permissions.can_read_hidden(user, post)


@register.filter
def can_vote(user, post) -> bool:
    return permissions.can_vote(user, post)
