"""Who may follow tags. `can_*` answer for templates; `check_*` raise PermissionDenied with a
sentence the member can act on."""

from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.permissions import check_member
from forum.permissions import allowed


def check_can_follow_tags(user: User) -> None:
    """Following a tag is a member's: logged in, active, not suspended (like following a thread)."""
    check_member(user)


def can_follow_tags(user: User) -> bool:
    return allowed(check_can_follow_tags, user)


def check_can_unfollow_tags(user: User) -> None:
    """Anyone logged in may stop following, suspended or not: it only ever means fewer emails."""
    if not user.is_authenticated:
        raise PermissionDenied("Log in first.")
    if not user.is_active:
        raise PermissionDenied("Your account is not active.")
