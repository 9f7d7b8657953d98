"""Who may configure webhooks: leads, as for the team's other settings."""

from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.permissions import check_not_suspended
from forum.permissions import allowed
from team.permissions import can_manage_team


def check_can_manage_webhooks(user: User) -> None:
    check_not_suspended(user)
    if not can_manage_team(user):
        raise PermissionDenied("Webhooks are configured by the team's leads.")


def can_manage_webhooks(user: User) -> bool:
    return allowed(check_can_manage_webhooks, user)
