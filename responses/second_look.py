"""A second look on hot threads (issue 27). The seeds' rule is never to argue and never to
reply in anger, so a rep's official reply on a thread at or above HEAT_HOT may wait for a
lead, who approves it (as written or edited) or returns it with a note. The leads choose how
(ReviewPolicy, on /team/): off, suggested (the rep's choice, asked by default) or required.

The thread's clock keeps running while a reply waits: a held reply is no response, so the
thread stays in the queue and escalates as ever, and the review page shows how long is left
of its lag. Approved, the reply is posted by forum's own action, in its author's name, with
when it was written and who approved it (Post.written_at, Post.reviewed_by).

Reps are reviewed; leads (who receive escalations) and superusers are the reviewers, and
their own replies go out at once. Reached from forum's use cases through the engine port
(forum/engine.py, hold_official) and from the queue's reply (responses/usecases.py)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import holders_of
from config import pagecache
from forum import actions as forum_actions
from forum import locking
from forum import permissions as forum_permissions
from forum.engine import Held
from forum.models import Post, Thread
from forum.notifications import notify
from responses.conf import conf
from responses.models import HeldReply, ResponseState, ReviewPolicy, SecondLook

REVIEWERS = "receive_escalations"  # the leads' permission: they review, and are not reviewed


def policy() -> str:
    """The leads' choice, else the deployment's (conf.SECOND_LOOK)."""
    chosen = ReviewPolicy.objects.filter(pk=1).values_list("hot_replies", flat=True).first()
    return chosen or conf.SECOND_LOOK


def set_policy(mode: str) -> None:
    ReviewPolicy.objects.update_or_create(pk=1, defaults={"hot_replies": SecondLook(mode)})
    pagecache.changed("queue")  # the queue's reply forms offer it


def is_reviewed(user: User) -> bool:
    """Reps are; leads and superusers review."""
    return forum_permissions.can_post_official(user) and not user.has_perm(f"accounts.{REVIEWERS}")


def is_hot(thread: Thread) -> bool:
    try:
        return thread.response_state.heat >= conf.HEAT_HOT  # read with the thread on its pages
    except ResponseState.DoesNotExist:
        return False


def mode_for(user: User) -> str:
    """The policy as it applies to `user`'s official replies on hot threads: "" (none: off,
    or a lead), "suggested" or "required"."""
    if not is_reviewed(user):
        return ""
    mode = policy()
    return "" if mode == SecondLook.OFF else mode


def offer_on_rows(user: User, threads: list[Thread]) -> list[Thread]:
    """Give each queue row its `second_look` (second_look_for's answer), reading the policy once
    for the page rather than once a row (the rows carry their response_state)."""
    mode = mode_for(user)
    for thread in threads:
        thread.second_look = mode if mode and is_hot(thread) else ""
    return threads


def second_look_for(user: User, thread: Thread) -> str:
    """What the reply form offers `user` on `thread`: mode_for(user) on a hot question, else ""."""
    if thread.kind != Thread.Kind.QUESTION or not is_reviewed(user) or not is_hot(thread):
        return ""
    return mode_for(user)


HELD_MESSAGE = (
    "Your official reply waits for a lead's second look: this thread is hot. "
    "It goes out when a lead approves it; the thread's clock keeps running."
)
REPLACED_MESSAGE = (
    "This replaces your earlier draft, which was still waiting for a lead's second look: "
    "only this one will be looked at. The thread's clock keeps running."
)


def hold_official(*, author: User, thread: Thread, body: str, asked: bool, now: datetime | None = None) -> Held | None:
    """The engine port's question before an official reply goes out (forum/engine.py): None
    to post it now, or the reply held for a lead. `body` is validated already."""
    mode = second_look_for(author, thread)
    if mode != SecondLook.REQUIRED and not (mode == SecondLook.SUGGESTED and asked):
        return None
    held = hold(author=author, thread=thread, body=body, asked=mode == SecondLook.SUGGESTED, now=now)
    return Held(url=held.get_absolute_url(), message=REPLACED_MESSAGE if held.replaced else HELD_MESSAGE)


def waiting_draft(*, author: User, thread: Thread) -> HeldReply | None:
    """`author`'s official reply on `thread` waiting for a lead, if any."""
    return HeldReply.objects.filter(thread=thread, author=author, status=HeldReply.Status.PENDING).first()


@transaction.atomic
def hold(*, author: User, thread: Thread, body: str, asked: bool, now: datetime | None = None) -> HeldReply:
    """Hold the reply, or give new words to the rep's draft already waiting on this thread
    (`replaced` on the answer says which); the leads are told of a new one. Locks the thread,
    so a double click makes one draft, and the draft found is the one replaced."""
    now = now or timezone.now()
    locking.lock_thread(thread.pk)
    waiting = waiting_draft(author=author, thread=thread)
    if waiting:
        HeldReply.objects.filter(pk=waiting.pk).update(body=body, written_at=now)
        waiting.refresh_from_db()
        waiting.replaced = True
        return waiting
    held = HeldReply.objects.create(thread=thread, author=author, body=body, asked=asked, written_at=now)
    pagecache.changed("queue")  # the leads' count of replies waiting for them
    _tell_the_leads(held)
    held.replaced = False
    return held


def _tell_the_leads(held: HeldReply) -> None:
    notify(
        recipient_ids=holders_of(REVIEWERS).exclude(pk=held.author_id).values_list("pk", flat=True),
        actor=held.author,
        text=f"asks for a second look at an official reply on “{held.thread.title}”",
        url=held.get_absolute_url(),
        thread=held.thread,
    )


class AlreadyDecided(Exception):
    """Another lead approved or returned it first, or its author changed it meanwhile."""


def _lock_pending(held_id: int) -> HeldReply:
    held = HeldReply.objects.select_for_update().select_related("thread", "author").get(pk=held_id)
    if held.status != HeldReply.Status.PENDING:
        raise AlreadyDecided
    return held


@transaction.atomic
def approve(*, held: HeldReply, by: User, body: str, now: datetime | None = None) -> Post:
    """Publish the reply in its author's name as an official answer (forum's own action: the
    engine records the response now), with its time of writing and the lead who approved it.
    `body` is the lead's version, validated; the same words as the draft's, or an edit."""
    now = now or timezone.now()
    held = _lock_pending(held.pk)
    post = forum_actions.post_answer(author=held.author, thread=held.thread, body=body, official=True, now=now)
    Post.objects.filter(pk=post.pk).update(written_at=held.written_at, reviewed_by=by)
    edited = body != held.body
    HeldReply.objects.filter(pk=held.pk).update(
        status=HeldReply.Status.PUBLISHED, reviewed_by=by, reviewed_at=now, edited=edited, post=post, body=body
    )
    notify(
        recipient_ids=[held.author_id],
        actor=by,
        text=f"approved your official reply on “{held.thread.title}”" + (", with edits" if edited else ""),
        url=post.get_absolute_url(),
        thread=held.thread,
    )
    return post


@transaction.atomic
def send_back(*, held: HeldReply, by: User, note: str, now: datetime | None = None) -> HeldReply:
    """Return the draft to its author with the lead's note; nothing is posted."""
    now = now or timezone.now()
    held = _lock_pending(held.pk)
    HeldReply.objects.filter(pk=held.pk).update(
        status=HeldReply.Status.RETURNED, reviewed_by=by, reviewed_at=now, note=note
    )
    pagecache.changed("queue")
    notify(
        recipient_ids=[held.author_id],
        actor=by,
        text=f"returned your official reply on “{held.thread.title}” with a note",
        url=held.get_absolute_url(),
        thread=held.thread,
    )
    held.refresh_from_db()
    return held


@transaction.atomic
def revise(*, held: HeldReply, body: str, now: datetime | None = None) -> HeldReply:
    """Its author rewrites a returned draft (or one still waiting) and sends it for a look
    again; a returned one tells the leads again."""
    now = now or timezone.now()
    held = HeldReply.objects.select_for_update().select_related("thread", "author").get(pk=held.pk)
    if held.status == HeldReply.Status.PUBLISHED:
        raise AlreadyDecided
    returned = held.status == HeldReply.Status.RETURNED
    if (
        returned
        and HeldReply.objects.filter(thread=held.thread, author=held.author, status=HeldReply.Status.PENDING).exists()
    ):
        raise AlreadyDecided  # a newer draft of theirs waits on this thread: that one is current
    HeldReply.objects.filter(pk=held.pk).update(body=body, written_at=now, status=HeldReply.Status.PENDING)
    held.refresh_from_db()
    if returned:
        pagecache.changed("queue")
        _tell_the_leads(held)
    return held
