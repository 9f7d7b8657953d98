"""The forum's use cases, one function each for every door (the pages, the API, the admin):
look up, check who may, validate (forum/validation.py), count the member's limit, act
(forum/actions). Errors are raised for the door to answer (config/usecases.py): Http404,
PermissionDenied, Invalid, config.limits.TooOften. `limiter` counts the attempt
(config.limits.Limiter from the request; config.limits.unlimited for the admin)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from accounts.models import User
from config.usecases import check
from forum import actions, permissions, validation
from forum.engine import Held, engine
from forum.models import Post, Thread

Limiter = Callable[[str], None]


def ask(user: User, *, title: str, body: str, tags: Sequence[str], limiter: Limiter) -> Thread:
    permissions.check_can_ask(user)
    cleaned = validation.question(title=title, body=body, tags=tags, can_create_tags=permissions.can_create_tags(user))
    limiter("ask")
    return actions.ask_question(author=user, **cleaned)


def answer(
    user: User, thread_id: int, *, body: str, official: bool, limiter: Limiter, second_look: bool = False
) -> Post | Held:
    """An answer, or a rep's official reply. On a hot thread the engine may hold the official
    reply for a lead's second look (`second_look`: the rep asked for one) and answer Held."""
    # The engine's state (a hot thread's second look) and nothing a page shows: what a row or
    # the thread page reads with_summary() cost an answer more than the answer itself (issue 29).
    thread = get_object_or_404(engine().with_state(Thread.objects.all()), pk=thread_id)
    permissions.check_can_answer(user, thread)
    check({"body": validation.ANSWER_BODY.errors(body)})
    if official:
        permissions.check_can_post_official(user)
    limiter("answer", about=thread)
    body = validation.ANSWER_BODY.cleaned(body)
    if official and (held := engine().hold_official(author=user, thread=thread, body=body, asked=second_look)):
        return held
    return actions.post_answer(author=user, thread=thread, body=body, official=official)


def reply_parent(post_id: int) -> Post:
    """The post a reply to `post_id` goes under: it, or the post it replies to (one level
    deep, as actions.reply places it). That one is checked, so that a visible reply cannot
    carry a new one under a hidden answer."""
    post = get_object_or_404(Post.objects.select_related("thread", "reply_to__thread"), pk=post_id)
    return post.reply_to or post


def reply(user: User, post_id: int, *, body: str, asks_customer: bool, limiter: Limiter) -> Post:
    """A reply under a post. `asks_customer`, a rep's request for a detail, is taken only
    from those who may answer officially; from anyone else it is ignored (a member's reply
    never makes the thread wait on the customer)."""
    parent = reply_parent(post_id)
    permissions.check_can_reply(user, parent)
    check({"body": validation.REPLY_BODY.errors(body)})
    limiter("reply", about=parent.thread)
    asks_customer = asks_customer and permissions.can_post_official(user)
    body = validation.REPLY_BODY.cleaned(body)
    return actions.reply(parent=parent, author=user, body=body, asks_customer=asks_customer)


@dataclass(frozen=True)
class Voted:
    post: Post
    value: int
    score: int


def vote(user: User, post_id: int, value: str, *, limiter: Limiter) -> Voted:
    """`value`: "up", "down" or "none" (takes the vote back)."""
    # The thread's search vector is the largest thing on a busy thread's row, and unused here.
    post = get_object_or_404(Post.objects.select_related("thread").defer("thread__search_vector"), pk=post_id)
    number = validation.vote_value(value)
    permissions.check_can_vote(user, post, number)
    limiter("vote", about=post.thread)
    return Voted(post=post, value=number, score=actions.cast_vote(voter=user, post=post, value=number))


def accept(user: User, post_id: int, *, limiter: Limiter) -> Post:
    post = permissions.answer_to_act_on(post_id)
    permissions.check_can_accept(user, post.thread)
    limiter("accept", about=post.thread)
    actions.accept_answer(post=post, by=user)
    return post


def unaccept(user: User, post_id: int, *, limiter: Limiter) -> Post:
    post = permissions.answer_to_act_on(post_id)
    permissions.check_can_accept(user, post.thread)
    limiter("accept", about=post.thread)
    if post.thread.accepted_post_id == post.pk:
        actions.unaccept_answer(thread=post.thread, by=user)
    return post


def mark_official(user: User, post_id: int, *, limiter: Limiter) -> Post:
    post = permissions.answer_to_act_on(post_id)
    permissions.check_can_post_official(user)
    limiter("official", about=post.thread)
    actions.mark_official(post=post, by=user)
    return post


def unmark_official(user: User, post_id: int, *, limiter: Limiter) -> Post:
    post = permissions.answer_to_act_on(post_id)
    permissions.check_can_post_official(user)
    limiter("official", about=post.thread)
    actions.unmark_official(post=post, by=user)
    return post
