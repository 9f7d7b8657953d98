"""A moderator deleting a member's account (a spammer's), optionally withdrawing everything
they wrote first. Check accounts.permissions.check_can_delete_account first."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts import actions as account_actions
from accounts.models import User
from forum import actions as forum_actions
from moderation.actions import log
from moderation.models import LogEntry


@dataclass(frozen=True)
class Deletion:
    withdrawn: int  # posts withdrawn with the account
    left: int  # posts left up: hidden already, or questions others answered


@transaction.atomic
def delete_member(
    *, member: User, by: User, reason: str, withdraw_posts: bool, now: datetime | None = None
) -> Deletion:
    """Withdraw the member's posts if asked (forum's withdraw action: what they earned is
    taken back; hidden posts and questions with others' answers stay), log the deletion, then
    delete the account (accounts.actions.delete_account: personal data erased, logged out
    everywhere). The entry holds the member by id, so it reads "a former member"; its reason
    stays as the moderator wrote it."""
    now = now or timezone.now()
    withdrawn = left = 0
    if withdraw_posts:
        withdrawn, left = forum_actions.withdraw_everything_by(author=member, by=by, now=now)
    note = f"{reason} (withdrew {withdrawn} post{'s' if withdrawn != 1 else ''})" if withdraw_posts else reason
    log.record(actor=by, action=LogEntry.Action.DELETE_ACCOUNT, member=member, reason=note, at=now)
    account_actions.delete_account(member=member, by=by, now=now)
    return Deletion(withdrawn=withdrawn, left=left)
