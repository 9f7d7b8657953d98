"""Moderation's use cases, one function each for every door that offers them (the pages,
the API's flag, the admin's actions): look up, check who may, validate, count the limit
(members' flags), act (moderation/actions). Errors as config/usecases.py says.

A moderator's reason is checked by the decision forms (moderation/forms.py), which the
pages and the admin's confirmation step share: the use cases take it cleaned."""

from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import SUSPENDED_FOR_GOOD, User
from config.limits import TooOften
from config.text import TextRule
from config.usecases import check
from forum.models import Post, Thread
from moderation import actions, permissions
from moderation import undo as undo_rules
from moderation.models import FirstLook, Flag, LogEntry, SuspiciousVoting, WatchedWord
from responses.actions import RequestLimitReached

Limiter = Callable[..., None]

FLAG_NOTE = TextRule(min=0, max=500, optional=True)
NOTE_NEEDED = "Say what is wrong: a note is needed with “Other”."
REASON_REQUIRED = "This field is required."
REASON_UNKNOWN = "Select a valid choice. {value} is not one of the available choices."
# None: permanently (accounts.models.SUSPENDED_FOR_GOOD); a moderator may lift it any time.
SUSPENSION_LENGTHS = {
    "1": timedelta(days=1),
    "3": timedelta(days=3),
    "7": timedelta(days=7),
    "30": timedelta(days=30),
    "permanent": None,
}
DAY = 86_400  # a refused request for an official answer: the requests' limit is per day


# --- Members ---------------------------------------------------------------------------------


def flag(user: User, post_id: int, *, reason: str, note: str, limiter: Limiter) -> Flag:
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id)
    permissions.check_can_flag(user, post)
    known = reason in Flag.Reason.values
    errors = {
        "reason": [] if known else [REASON_UNKNOWN.format(value=reason) if reason else REASON_REQUIRED],
        "note": FLAG_NOTE.errors(note),
    }
    if reason == Flag.Reason.OTHER and not FLAG_NOTE.cleaned(note):
        errors["note"] = [NOTE_NEEDED]
    check(errors)
    # A reason this member may not use (an official answer on a thread not theirs): said
    # beside the choice on the page, a 403 on the API.
    if refusal := permissions.refusal(permissions.check_can_flag_as, user, post, reason):
        check({"reason": [refusal]}, refused=True)
    limiter("flag", about=post.thread)
    try:
        return actions.flag_post(post=post, flagger=user, reason=reason, note=FLAG_NOTE.cleaned(note))
    except RequestLimitReached as limit:
        raise TooOften(str(limit), wait=DAY, about=post.thread) from None


# --- Moderators' decisions on posts ------------------------------------------------------------


def post_to_decide_on(user: User, post_id: int) -> Post:
    """The post a moderator decides on (the pages look it up alone to show a bad form)."""
    permissions.check_can_moderate(user)
    return get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id)


def dismiss_flags(user: User, post_id: int, *, reason: str) -> Post:
    post = post_to_decide_on(user, post_id)
    actions.dismiss_flags(post=post, by=user, reason=reason)
    return post


def hide(user: User, post_id: int, *, rule: str, reason: str) -> Post:
    post = post_to_decide_on(user, post_id)
    actions.hide_post(post=post, by=user, rule=rule, reason=reason)
    return post


def claim_report(user: User, post_id: int) -> Post:
    post = post_to_decide_on(user, post_id)
    actions.claim_report(post=post, by=user)
    return post


def release_report(user: User, post_id: int) -> Post:
    post = post_to_decide_on(user, post_id)
    actions.release_report(post=post, by=user)
    return post


def keep_hidden(user: User, post_id: int, *, reason: str) -> Post:
    post = post_to_decide_on(user, post_id)
    actions.keep_hidden(post=post, by=user, reason=reason)
    return post


def restore(user: User, post_id: int, *, reason: str) -> Post:
    post = post_to_decide_on(user, post_id)
    actions.restore_post(post=post, by=user, reason=reason)
    return post


def finish_first_look(user: User, look_id: int) -> FirstLook:
    permissions.check_can_moderate(user)
    look = get_object_or_404(FirstLook.objects.select_related("post__thread", "post__author"), pk=look_id)
    actions.finish_first_look(look=look, by=user)
    return look


# --- On threads --------------------------------------------------------------------------------


def thread_to_decide_on(user: User, thread_id: int) -> Thread:
    permissions.check_can_moderate(user)
    return get_object_or_404(Thread, pk=thread_id)


def lock(user: User, thread_id: int, *, reason: str) -> Thread:
    thread = thread_to_decide_on(user, thread_id)
    actions.lock_thread(thread=thread, by=user, reason=reason)
    return thread


def unlock(user: User, thread_id: int, *, reason: str) -> Thread:
    thread = thread_to_decide_on(user, thread_id)
    actions.unlock_thread(thread=thread, by=user, reason=reason)
    return thread


def close_as_duplicate(user: User, thread_id: int, *, original: Thread, reason: str) -> Thread:
    """`original`: as DuplicateForm found it (never the thread itself)."""
    thread = thread_to_decide_on(user, thread_id)
    actions.close_as_duplicate(thread=thread, original=original, by=user, reason=reason)
    return thread


def watch(user: User, *, text: str) -> WatchedWord:
    """`text` as WatchedWordForm cleaned it."""
    permissions.check_can_moderate(user)
    return WatchedWord.objects.create(text=text, added_by=user)


def unwatch(user: User, word_id: int) -> WatchedWord:
    permissions.check_can_moderate(user)
    word = get_object_or_404(WatchedWord, pk=word_id)
    word.delete()
    return word


def undo(user: User, entry_id: int, *, reason: str) -> LogEntry:
    """Undo a logged decision within a day (moderation/undo.py)."""
    permissions.check_can_moderate(user)
    entry = get_object_or_404(LogEntry.objects.select_related("post__thread", "thread", "member"), pk=entry_id)
    if not undo_rules.can_undo(entry):
        raise PermissionDenied("This decision can no longer be undone from the log: decide again from its page.")
    undo_rules.undo(entry, by=user, reason=reason)
    return entry


# --- On members --------------------------------------------------------------------------------


def member_to_decide_on(user: User, username: str) -> User:
    member = get_object_or_404(User, username=username)
    permissions.check_can_suspend(user, member)
    return member


def suspend(user: User, username: str, *, days: str, reason: str) -> User:
    """`days`: a key of SUSPENSION_LENGTHS, as SuspendForm offers them."""
    member = member_to_decide_on(user, username)
    length = SUSPENSION_LENGTHS[days]
    until = SUSPENDED_FOR_GOOD if length is None else timezone.now() + length
    actions.suspend_member(member=member, by=user, until=until, reason=reason)
    return member


def lift_suspension(user: User, username: str, *, reason: str) -> User:
    member = member_to_decide_on(user, username)
    actions.lift_suspension(member=member, by=user, reason=reason)
    return member


# --- On serial voting --------------------------------------------------------------------------


def voting_record(user: User, record_id: int) -> SuspiciousVoting:
    permissions.check_can_moderate(user)
    return get_object_or_404(SuspiciousVoting.objects.select_related("voter"), pk=record_id)


def reverse_votes(user: User, record_id: int, *, reason: str) -> int:
    """How many votes were reversed."""
    return actions.reverse_serial_votes(record=voting_record(user, record_id), by=user, reason=reason)


def clear_votes(user: User, record_id: int, *, reason: str) -> None:
    actions.clear_voting_record(record=voting_record(user, record_id), by=user, reason=reason)
