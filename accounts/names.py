"""Names members choose must not pass them off as the company or one of its reps: the
verified-staff badge is the only sign of an official voice, and a look-alike name must not
borrow its weight."""

from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.models import User
from config.text import comparable


def check_name_is_not_impersonation(name: str, *, user: User | None = None) -> None:
    """Raise ValidationError when `name` carries the company's name (unless `user` is staff)
    or reads the same as a rep's display name or username."""
    wanted = comparable(name)
    if not wanted:
        return
    is_staff = user is not None and user.pk is not None and user.has_perm("accounts.verified_staff")
    company = comparable(settings.COMPANY_NAME)
    if company and company in wanted and not is_staff:
        raise ValidationError(f"Only {settings.COMPANY_NAME} representatives can use the company's name in theirs.")
    staff = User.objects.with_perm("accounts.verified_staff", backend="django.contrib.auth.backends.ModelBackend")
    if user is not None and user.pk is not None:
        staff = staff.exclude(pk=user.pk)
    for display_name, username in staff.values_list("display_name", "username"):
        if wanted in {comparable(display_name), comparable(username)}:
            raise ValidationError("That name belongs to one of the company's representatives: choose another.")
