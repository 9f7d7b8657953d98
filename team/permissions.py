"""Who may change how the team works: leads (the `manage_team` permission), and the rule
that keeps a team from locking itself out."""

from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.permissions import check_not_suspended
from forum.permissions import allowed


def check_can_manage_team(user: User) -> None:
    check_not_suspended(user)
    if not user.is_authenticated or not user.has_perm("accounts.manage_team"):
        raise PermissionDenied("The team's settings (lags, tags and roles) are for leads.")


def can_manage_team(user: User) -> bool:
    return allowed(check_can_manage_team, user)


def check_can_revoke_role(by: User, user: User, role: str) -> None:
    """A lead does not revoke their own lead role; another lead does. That is enough to keep
    the team from locking itself out: whoever revokes can manage the team and keeps doing so."""
    check_can_manage_team(by)
    if role == "lead" and user.pk == by.pk:
        raise PermissionDenied("You cannot revoke your own lead role: ask another lead.")


def revoke_refusal(by: User, user: User, role: str) -> str:
    """Why `by` may not revoke `user`'s role, for a disabled button; empty when they may."""
    try:
        check_can_revoke_role(by, user, role)
    except PermissionDenied as refusal:
        return str(refusal)
    return ""


def check_can_write_staff_notes(user: User) -> None:
    """Reps, leads and moderators: the staff, who hand threads over to one another."""
    check_not_suspended(user)
    if not can_see_staff_notes(user):
        raise PermissionDenied("Staff notes are for representatives, leads and moderators.")


def can_see_staff_notes(user: User) -> bool:
    """A suspended member of staff has none of their role's powers, this one included."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.has_perm("accounts.post_official") or user.has_perm("accounts.moderate"))
        and allowed(check_not_suspended, user)
    )
