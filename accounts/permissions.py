"""Role rules about people. Each rule is one function; nothing else compares groups."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime

from accounts.models import User


def holders_of(codename: str) -> QuerySet[User]:
    """The users for whom has_perm("accounts.<codename>") is true: active, not suspended,
    and holding it through a group, as their own permission, or as superusers (Django's
    ModelBackend rule, which allauth's backend keeps, and User.has_perm's suspension).

    Written from the permission outwards rather than with User.objects.with_perm(): with_perm's
    per-user subquery made PostgreSQL test every user on every list page (690 ms on 20,000
    members); these IN-subqueries start from the few rows holding the permission (15 ms).
    tests/accounts/test_verified_badge.py holds it to has_perm()."""
    permission = Permission.objects.filter(content_type__app_label="accounts", codename=codename)
    in_group = User.groups.through.objects.filter(group__permissions__in=permission).values("user_id")
    own = User.user_permissions.through.objects.filter(permission__in=permission).values("user_id")
    not_suspended = Q(suspended_until=None) | Q(suspended_until__lte=timezone.now())
    return User.objects.filter(Q(is_superuser=True) | Q(pk__in=in_group) | Q(pk__in=own), not_suspended, is_active=True)


def role_gives(user: User, codename: str) -> bool:
    """Whether a role the user holds (a group, a permission of their own, superuser status)
    gives them accounts.<codename>, whether or not a suspension pauses it now: what taking
    one role away leaves them (team.actions.revoke_role). Everything else asks has_perm."""
    if user.is_superuser:
        return True
    permission = Permission.objects.filter(content_type__app_label="accounts", codename=codename)
    return permission.filter(Q(group__user=user) | Q(user=user)).exists()


def has_verified_badge(user: User) -> bool:
    """Reps and leads carry the verified-staff badge wherever their name appears."""
    return user.is_authenticated and user.is_active and user.has_perm("accounts.verified_staff")


def carries_verified_badge(user_field: str) -> Exists:
    """The same rule in SQL: true when the user at `user_field` is one of the badge's
    holders (holders_of), so a list and has_verified_badge() never disagree.

    Lists annotate this instead of calling has_perm once per name; it adds no query.
    """
    return Exists(holders_of("verified_staff").filter(pk=OuterRef(user_field)))


def check_member(user: User) -> None:
    """A member who may write: logged in, active, and not suspended."""
    if not user.is_authenticated:
        raise PermissionDenied("Log in first.")
    if not user.is_active:
        raise PermissionDenied("Your account is not active.")
    check_not_suspended(user)


def check_not_suspended(user: User) -> None:
    """Says why a suspended account is refused. has_perm already refuses it every role's
    power (User.has_perm); the role checks call this first only to give that reason."""
    if user.is_authenticated and user.is_suspended():
        raise PermissionDenied(suspension_text(user))


def suspension_text(user: User) -> str:
    """What a suspended member is told on every refusal, the same words everywhere."""
    if user.is_suspended_for_good:
        return f"Your account is suspended permanently: {user.suspension_reason}"
    until = date_format(localtime(user.suspended_until), "DATETIME_FORMAT")
    return f"Your account is suspended until {until}: {user.suspension_reason}"


def holds_a_role(user: User) -> bool:
    """A rep, a lead, a moderator or an administrator: someone the company or the site gave
    powers to, by a group, a permission of their own, or staff status. Reads prefetched
    `groups` and `user_permissions` when a list has them (the reports queue), so that
    asking it of every row costs no query per row."""
    return user.is_superuser or user.is_staff or bool(user.groups.all()) or bool(user.user_permissions.all())


def check_can_delete_account(user: User, member: User) -> None:
    """A member deletes their own account; a moderator who may suspend deletes a member's
    (a spammer's). Nobody deletes, from the site, an account that holds a role: a moderator
    cannot delete another moderator, a rep, a lead or an administrator, and someone with a
    role has it taken away first (by a lead at /team/people/ or in the admin), so that no
    team is left without its last lead by a click."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Log in first.")
    if member.deleted_at is not None:
        raise PermissionDenied("This account is deleted already.")
    if member.pk != user.pk and not (user.has_perm("accounts.moderate") and user.has_perm("accounts.suspend_member")):
        raise PermissionDenied("Only the member themselves or a moderator can delete an account.")
    if holds_a_role(member):
        if member.pk == user.pk:
            raise PermissionDenied(
                "Your account holds a role (representative, lead, moderator or administrator): "
                "ask a lead or an administrator to take it away first, then delete your account."
            )
        raise PermissionDenied(
            "This account holds a role (representative, lead, moderator or administrator): "
            "it cannot be deleted from here."
        )


def can_delete_account(user: User, member: User) -> bool:
    try:
        check_can_delete_account(user, member)
    except PermissionDenied:
        return False
    return True
