"""Names members choose must not pass them off as the company or one of its reps: the
verified-staff badge is the only sign of an official voice, and a look-alike name must not
borrow its weight."""

from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.erasure import FORMER_MEMBER
from accounts.models import User
from accounts.permissions import has_verified_badge, holders_of
from config.text import comparable


def check_name_is_not_impersonation(name: str, *, user: User | None = None) -> None:
    """Raise ValidationError when `name` carries the company's name (unless `user` carries
    the verified badge) or reads the same as a verified rep's display name or username."""
    wanted = comparable(name)
    if not wanted:
        return
    # Deleted accounts are called "a former member" and renamed former-<id>.
    if name.strip().casefold().startswith("former-") or wanted == comparable(FORMER_MEMBER):
        raise ValidationError("That name is kept for deleted accounts: choose another.")
    is_verified = user is not None and user.pk is not None and has_verified_badge(user)
    company = comparable(settings.COMPANY_NAME)
    if company and company in wanted and not is_verified:
        raise ValidationError(f"Only {settings.COMPANY_NAME} representatives can use the company's name in theirs.")
    verified = holders_of("verified_staff")
    if user is not None and user.pk is not None:
        verified = verified.exclude(pk=user.pk)
    for display_name, username in verified.values_list("display_name", "username"):
        if wanted in {comparable(display_name), comparable(username)}:
            raise ValidationError("That name belongs to one of the company's representatives: choose another.")
