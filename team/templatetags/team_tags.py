from django import template

from team import permissions

register = template.Library()


@register.filter
def can_manage_team(user) -> bool:
    return permissions.can_manage_team(user)
