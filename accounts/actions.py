"""Writes about accounts: deleting one (the member leaving, or a moderator removing a
spammer). Each is one transaction; permissions.check_can_delete_account comes first."""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import erasers
from accounts.erasure import FORMER_MEMBER
from accounts.models import User
from accounts.sessions import end_sessions_of
from config import pagecache

# The user's own fields a deletion rewrites (never reputation: forum/reputation.py's alone).
ERASED_FIELDS = [
    "username",
    "email",
    "display_name",
    "first_name",
    "last_name",
    "bio",
    "suspension_reason",
    "suspended_until",
    "password",
    "is_active",
    "is_staff",
    "is_superuser",
    "email_notifications",
    "last_login",
    "deleted_at",
]


@transaction.atomic
def delete_account(*, member: User, by: User, now: datetime | None = None) -> bool:
    """Erase the member's personal data and keep the row, so that their posts stay (under
    "a former member"), their votes keep their effect and the logs keep their references.
    Returns False when the account was deleted already.

    Erased here: email and every email address (so the address can sign up again), the
    username (now former-<id>), display name, first and last name, bio, password (made
    unusable), the suspension's reason, roles and permissions, every session (logged out
    everywhere), the admin history's name for their account and addresses. Erased by the
    apps above, each by the eraser it registered (accounts/erasers.py): notifications,
    follows, claims and tags looked after, API tokens, notes on their flags and review
    requests. Every query finds the member's
    rows by their id; no text anyone else wrote is edited, and no table is searched for
    their name: where the site says who did something it holds them by id, and now reads
    "a former member" (accounts/erasure.py)."""
    now = now or timezone.now()
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.deleted_at is not None:
        return False
    erasers.erase_member(member=member, by=by, now=now)

    _erase_admin_history(member)
    EmailAddress.objects.filter(user=member).delete()  # their confirmations go with them
    end_sessions_of(member.pk)
    member.groups.clear()
    member.user_permissions.clear()
    member.username = _former_username(member)
    member.email = member.display_name = member.first_name = member.last_name = member.bio = ""
    member.suspension_reason = ""
    member.suspended_until = None
    member.set_unusable_password()
    member.is_active = member.is_staff = member.is_superuser = False
    member.email_notifications = False
    member.last_login = None
    member.deleted_at = now
    member.save(update_fields=ERASED_FIELDS)
    # Rendered pages that showed their name are never served again (a new "site" version);
    # they leave the cache now rather than at their expiry.
    pagecache.changed("site", f"member:{member.pk}")
    transaction.on_commit(pagecache.forget_kept_pages)
    return True


def _former_username(member: User) -> str:
    """former-<id>: neutral, unique, and refused at signup (accounts/adapter.py)."""
    username = f"former-{member.pk}"
    if User.objects.filter(username=username).exclude(pk=member.pk).exists():  # made before the rule
        username = f"former-{member.pk}-{int(timezone.now().timestamp())}"
    return username


def _erase_admin_history(member: User) -> None:
    """The admin's history names each object it changed as it was called then (object_repr):
    the member's account by their name, their addresses by the address. Those entries are
    found by the objects' ids; what administrators wrote (change messages) stays theirs."""
    user_type = ContentType.objects.get_for_model(User)
    address_type = ContentType.objects.get_for_model(EmailAddress)
    addresses = [str(pk) for pk in EmailAddress.objects.filter(user=member).values_list("pk", flat=True)]
    about_them = Q(content_type=user_type, object_id=str(member.pk))
    if addresses:
        about_them |= Q(content_type=address_type, object_id__in=addresses)
    AdminLogEntry.objects.filter(about_them).update(object_repr=FORMER_MEMBER)
