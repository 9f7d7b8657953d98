"""Writes about accounts: deleting one (the member leaving, or a moderator removing a
spammer). Each is one transaction; permissions.check_can_delete_account comes first."""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.erasure import FORMER_MEMBER, Names
from accounts.models import User
from accounts.sessions import end_sessions_of
from accounts.signals import account_deleting

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
    everywhere), their name in the admin's history. Erased by the apps above, on
    account_deleting: notifications, follows, claims and tags looked after, notes on flags
    and review requests, and the names copied into other members' notifications, thread
    histories, the moderation log and the team's log. API tokens: none exist yet; the app
    that adds them deletes the member's in its receiver of account_deleting."""
    now = now or timezone.now()
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.deleted_at is not None:
        return False
    emails = list(EmailAddress.objects.filter(user=member).values_list("email", flat=True))
    names = Names.of(member.username, member.display_name, member.first_name, member.last_name, member.email, *emails)
    account_deleting.send(sender=User, member=member, names=names, by=by, now=now)

    EmailAddress.objects.filter(user=member).delete()  # their confirmations go with them
    end_sessions_of(member.pk)
    member.groups.clear()
    member.user_permissions.clear()
    _erase_admin_history(member, names)
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
    return True


def _former_username(member: User) -> str:
    """former-<id>: neutral, unique, and refused at signup (accounts/adapter.py)."""
    username = f"former-{member.pk}"
    if User.objects.filter(username=username).exclude(pk=member.pk).exists():  # made before the rule
        username = f"former-{member.pk}-{int(timezone.now().timestamp())}"
    return username


def _erase_admin_history(member: User, names: Names) -> None:
    """The admin's history names what it changed as it was called then."""
    user_type = ContentType.objects.get_for_model(User)
    AdminLogEntry.objects.filter(content_type=user_type, object_id=str(member.pk)).update(object_repr=FORMER_MEMBER)
    for entry in AdminLogEntry.objects.filter(names.mentioned_in(["object_repr", "change_message"])):
        AdminLogEntry.objects.filter(pk=entry.pk).update(
            object_repr=names.scrub(entry.object_repr), change_message=names.scrub(entry.change_message)
        )
