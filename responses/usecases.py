"""The official-response queue's use cases that more than one door offers (the queue page
and the API): look up, check, validate, count the limit, act (responses/actions.py, and
forum's for the reply). Errors as config/usecases.py says."""

from collections.abc import Callable

from django.shortcuts import get_object_or_404

from accounts.models import User
from config.text import TextRule
from config.usecases import check
from forum import actions as forum_actions
from forum.engine import Held
from forum.models import Post, Thread
from forum.validation import ANSWER_BODY
from responses import actions, permissions
from responses import second_look as second_look_rules
from responses.models import DoneRecord, HeldReply

Limiter = Callable[..., None]

DISMISS_REASON = TextRule(
    min=5,
    max=500,
    required="Say why this thread needs no official reply.",
    too_short="Say a little more.",
)


def claim(user: User, thread_id: int, *, limiter: Limiter) -> Thread:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_claim(user, thread)
    limiter("official", about=thread)
    actions.claim_thread(thread=thread, by=user)
    return thread


def dismiss(user: User, thread_id: int, *, reason: str, limiter: Limiter) -> Thread:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_dismiss(user, thread)
    check({"reason": DISMISS_REASON.errors(reason)})
    limiter("official", about=thread)
    actions.dismiss_thread(thread=thread, by=user, reason=DISMISS_REASON.cleaned(reason))
    return thread


DONE_REASON = TextRule(
    min=5,
    max=500,
    required="Say why the customer's follow-up needs no further reply.",
    too_short="Say a little more.",
)


def mark_done(user: User, thread_id: int, *, reason: str, limiter: Limiter) -> tuple[Thread, DoneRecord | None]:
    """ "Done without a reply", with the reason leads read; None when no follow-up waited."""
    permissions.check_can_work_queue(user)  # before saying whether the thread exists
    thread = get_object_or_404(Thread, pk=thread_id)
    check({"reason": DONE_REASON.errors(reason)})
    limiter("official", about=thread)
    return thread, actions.mark_done(thread=thread, by=user, reason=DONE_REASON.cleaned(reason))


def undo_done(user: User, thread_id: int, *, limiter: Limiter, now=None) -> Thread:
    """Take the latest "done" back (responses/done.py); raises done.CannotUndo saying why not."""
    permissions.check_can_work_queue(user)
    thread = get_object_or_404(Thread, pk=thread_id)
    limiter("official", about=thread)
    actions.undo_done(thread=thread, by=user, now=now)
    return thread


def reply(user: User, thread_id: int, *, body: str, limiter: Limiter, second_look: bool = False) -> Post | Held:
    """An official answer from the queue, or on a hot thread held for a lead's second look."""
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_reply_from_queue(user, thread)
    check({"body": ANSWER_BODY.errors(body)})
    limiter("answer", about=thread)
    body = ANSWER_BODY.cleaned(body)
    if held := second_look_rules.hold_official(author=user, thread=thread, body=body, asked=second_look):
        return held
    return forum_actions.post_answer(author=user, thread=thread, body=body, official=True)


# --- A lead's second look at a rep's official reply on a hot thread (second_look.py) --------

RETURN_NOTE = TextRule(
    min=5,
    max=1000,
    required="Say what to change, so that the rep can write it again.",
    too_short="Say a little more.",
)
DECIDED_FIRST = "Another lead approved or returned this reply first; nothing was changed."


def held_reply(user: User, held_id: int) -> HeldReply:
    """For the leads, and for its author; 404 for everyone else."""
    held = get_object_or_404(HeldReply.objects.select_related("thread", "author", "reviewed_by", "post"), pk=held_id)
    permissions.check_can_see_held_reply(user, held)
    return held


def approve_held(user: User, held_id: int, *, body: str, limiter: Limiter) -> Post:
    """Publish it, as written or as the lead edited it."""
    held = held_reply(user, held_id)
    permissions.check_can_review(user)
    check({"body": ANSWER_BODY.errors(body)})
    check({"__all__": permissions.why_not_publish(held)})
    limiter("official", about=held.thread)
    try:
        return second_look_rules.approve(held=held, by=user, body=ANSWER_BODY.cleaned(body))
    except second_look_rules.AlreadyDecided:
        check({"__all__": [DECIDED_FIRST]})


def return_held(user: User, held_id: int, *, note: str, limiter: Limiter) -> HeldReply:
    held = held_reply(user, held_id)
    permissions.check_can_review(user)
    check({"note": RETURN_NOTE.errors(note)})
    limiter("official", about=held.thread)
    try:
        return second_look_rules.send_back(held=held, by=user, note=RETURN_NOTE.cleaned(note))
    except second_look_rules.AlreadyDecided:
        check({"__all__": [DECIDED_FIRST]})


def revise_held(user: User, held_id: int, *, body: str, limiter: Limiter) -> HeldReply:
    """Its author rewrites it and sends it for a look again."""
    held = held_reply(user, held_id)
    permissions.check_can_revise_held_reply(user, held)
    check({"body": ANSWER_BODY.errors(body)})
    limiter("answer", about=held.thread)
    try:
        return second_look_rules.revise(held=held, body=ANSWER_BODY.cleaned(body))
    except second_look_rules.AlreadyDecided:
        check({"__all__": ["This draft was published, or a newer one of yours waits on this thread."]})
