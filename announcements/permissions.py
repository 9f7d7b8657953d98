"""Who may post announcements, pin them and raise the incident banner: reps and leads (the
`post_announcement` permission). Reading and answering announcements is anyone's, as for
any thread (forum.permissions)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.permissions import check_member
from forum.models import Thread
from forum.permissions import allowed


def check_can_post_announcement(user: User) -> None:
    check_member(user)
    if not user.has_perm("accounts.post_announcement"):
        raise PermissionDenied(
            f"Announcements and incident banners are posted by {settings.COMPANY_NAME}'s representatives and leads."
        )


def can_post_announcement(user: User) -> bool:
    return allowed(check_can_post_announcement, user)


def check_can_feature(user: User, thread: Thread) -> None:
    """Pin or unpin `thread`, or raise a banner that links to it: an announcement (not a
    question or an idea) whose author has not withdrawn it."""
    check_can_post_announcement(user)
    if thread.kind != Thread.Kind.ANNOUNCEMENT:
        raise PermissionDenied("Only announcements are pinned or linked from the incident banner.")
    if thread.is_withdrawn:
        raise PermissionDenied("This announcement was withdrawn: it can no longer be pinned or linked.")


def can_feature(user: User, thread: Thread) -> bool:
    return allowed(check_can_feature, user, thread)


def check_can_clear_banner(user: User) -> None:
    """Any rep or lead clears the banner, whoever raised it: the incident is the team's."""
    check_can_post_announcement(user)
