"""What moderators do about serial voting: reverse the votes, or clear the record. The
detector that records it lives in moderation/serial_votes.py."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config import pagecache
from forum.actions.votes import cast_vote
from forum.models import Vote
from moderation.actions import log
from moderation.models import LogEntry, SuspiciousVoting


@transaction.atomic
def reverse_serial_votes(*, record: SuspiciousVoting, by: User, reason: str, now: datetime | None = None) -> int:
    """Undo every vote the voter gave the author, each through cast_vote() so that score,
    ledger and caches move back exactly, and close the record. Returns how many."""
    now = now or timezone.now()
    record = SuspiciousVoting.objects.select_for_update().select_related("voter", "author").get(pk=record.pk)
    if record.reviewed_at is not None:
        return 0
    votes = Vote.objects.filter(user=record.voter, post__author=record.author).select_related("post")
    reversed_count = 0
    for vote in votes:
        cast_vote(voter=record.voter, post=vote.post, value=0, now=now)
        reversed_count += 1
    SuspiciousVoting.objects.filter(pk=record.pk).update(reviewed_at=now)
    pagecache.changed("reports")
    log.record(
        actor=by,
        action=LogEntry.Action.REVERSE_VOTES,
        member=record.voter,
        reason=f"{reversed_count} votes for one member: {reason}",
        at=now,
    )
    return reversed_count


@transaction.atomic
def clear_voting_record(*, record: SuspiciousVoting, by: User, reason: str, now: datetime | None = None) -> None:
    """Nothing wrong after all: close the record and keep the votes."""
    now = now or timezone.now()
    if SuspiciousVoting.objects.filter(pk=record.pk, reviewed_at=None).update(reviewed_at=now):
        pagecache.changed("reports")
        log.record(actor=by, action=LogEntry.Action.CLEAR_VOTING, member=record.voter, reason=reason, at=now)
