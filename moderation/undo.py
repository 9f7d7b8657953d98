"""Undoing a decision from the public log, for a day: a hide is restored, a hide by members'
flags or a personal-data hold is lifted, a lock or a duplicate is reopened, a suspension is
lifted. Each undo is the inverse decision itself (moderation/actions), so it is logged, told
and reversed in reputation like any other, and undoing twice changes nothing more: the
inverse finds nothing left to undo. Decisions whose inverse would need what the log does not
hold (a restore: which rule to hide under again) are not undone here."""

from datetime import datetime, timedelta

from django.utils import timezone

from moderation import actions
from moderation.models import LogEntry

UNDO_WINDOW = timedelta(days=1)
Action = LogEntry.Action


def _restore(entry: LogEntry, by, reason: str) -> None:
    actions.restore_post(post=entry.post, by=by, reason=reason)


def _reopen(entry: LogEntry, by, reason: str) -> None:
    actions.unlock_thread(thread=entry.thread, by=by, reason=reason)


def _lift(entry: LogEntry, by, reason: str) -> None:
    actions.lift_suspension(member=entry.member, by=by, reason=reason)


# action -> (the button's words, the inverse decision)
UNDO = {
    Action.HIDE: ("Restore", _restore),
    Action.AUTO_HIDE: ("Restore", _restore),
    Action.PRIVACY_HOLD: ("Restore", _restore),
    Action.LOCK: ("Reopen", _reopen),
    Action.CLOSE_DUPLICATE: ("Reopen", _reopen),
    Action.SUSPEND: ("Lift", _lift),
}


def can_undo(entry: LogEntry, *, now: datetime | None = None) -> bool:
    """The entry's decision has an inverse, its target is still there, and it is a day old at most."""
    if entry.action not in UNDO:
        return False
    target = entry.member_id if entry.action == Action.SUSPEND else entry.post_id or entry.thread_id
    return target is not None and entry.created_at > (now or timezone.now()) - UNDO_WINDOW


def undo_label(entry: LogEntry) -> str:
    return UNDO[entry.action][0]


def undo(entry: LogEntry, *, by, reason: str) -> None:
    UNDO[entry.action][1](entry, by, reason)
