"""The official-response queue's use cases that more than one door offers (the queue page
and the API): look up, check, validate, count the limit, act (responses/actions.py, and
forum's for the reply). Errors as config/usecases.py says."""

from collections.abc import Callable

from django.shortcuts import get_object_or_404

from accounts.models import User
from config.text import TextRule
from config.usecases import check
from forum import actions as forum_actions
from forum.models import Post, Thread
from forum.validation import ANSWER_BODY
from responses import actions, permissions

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


def reply(user: User, thread_id: int, *, body: str, limiter: Limiter) -> Post:
    """An official answer from the queue."""
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_reply_from_queue(user, thread)
    check({"body": ANSWER_BODY.errors(body)})
    limiter("answer", about=thread)
    return forum_actions.post_answer(author=user, thread=thread, body=ANSWER_BODY.cleaned(body), official=True)
