"""Role rules about people. Each rule is one function; nothing else compares groups."""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from accounts.models import User


def has_verified_badge(user: User) -> bool:
    """Reps and leads carry the verified-staff badge wherever their name appears."""
    return user.is_authenticated and user.is_active and user.has_perm("accounts.verified_staff")


def carries_verified_badge(user_field: str) -> Exists:
    """The same rule in SQL: true when the user at `user_field` carries the verified-staff badge (through a group).

    Lists annotate this instead of calling has_perm once per name.
    """
    return Exists(
        Group.objects.filter(
            user=OuterRef(user_field),
            permissions__codename="verified_staff",
            permissions__content_type__app_label="accounts",
        )
    )
