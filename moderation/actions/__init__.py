"""Writes of moderation: members' flags, moderators' decisions, suspensions, serial voting
and the public log. One module per concern; import them from here
(`from moderation import actions`). Every decision writes one log entry (actions/log.py)."""

from moderation.actions.decisions import (
    HIDE_REASONS,
    claim_report,
    close_as_duplicate,
    dismiss_flags,
    finish_first_look,
    hide_post,
    keep_hidden,
    lock_thread,
    release_report,
    request_review,
    restore_post,
    unlock_thread,
)
from moderation.actions.flags import flag_post, flag_weight, flagger_accuracy
from moderation.actions.members import delete_member
from moderation.actions.redaction import record_redaction
from moderation.actions.suspensions import lift_suspension, suspend_member
from moderation.actions.voting import clear_voting_record, reverse_serial_votes
from moderation.serial_votes import watch_voting_pattern

__all__ = [
    "HIDE_REASONS",
    "claim_report",
    "clear_voting_record",
    "close_as_duplicate",
    "delete_member",
    "dismiss_flags",
    "finish_first_look",
    "flag_post",
    "flag_weight",
    "flagger_accuracy",
    "hide_post",
    "keep_hidden",
    "lift_suspension",
    "lock_thread",
    "record_redaction",
    "release_report",
    "request_review",
    "restore_post",
    "reverse_serial_votes",
    "suspend_member",
    "unlock_thread",
    "watch_voting_pattern",
]
