"""Role rules about people. Each rule is one function; nothing else compares groups."""

from accounts.models import User


def has_verified_badge(user: User) -> bool:
    """Reps and leads carry the verified-staff badge wherever their name appears."""
    return user.is_authenticated and user.is_active and user.has_perm("accounts.verified_staff")
