"""Writes: each verb is one transaction and the only way its change happens.

Actions lock what they change, return early on a no-op, move counters with F(), record
reputation through forum/reputation.py, and notify through forum/notifications.py. One
module per concern; import them from here (`from forum import actions`).
"""

from forum.actions.accepting import accept_answer, unaccept_answer
from forum.actions.following import follow_thread, record_view, set_me_too, unfollow_thread
from forum.actions.official import mark_official, unmark_official
from forum.actions.posts import ask_question, edit_post, post_answer, start_thread
from forum.actions.redaction import redact_revision
from forum.actions.replies import reply
from forum.actions.votes import cast_vote
from forum.actions.withdrawing import restore_withdrawn_post, withdraw_everything_by, withdraw_post

__all__ = [
    "accept_answer",
    "ask_question",
    "cast_vote",
    "edit_post",
    "follow_thread",
    "mark_official",
    "post_answer",
    "record_view",
    "redact_revision",
    "reply",
    "restore_withdrawn_post",
    "set_me_too",
    "start_thread",
    "unaccept_answer",
    "unfollow_thread",
    "unmark_official",
    "withdraw_everything_by",
    "withdraw_post",
]
