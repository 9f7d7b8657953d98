"""A moderator's decisions on posts and threads. Each locks what it changes, writes one
entry in the public log, and tells the member concerned."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum import reputation
from forum.models import Post, Thread
from forum.notifications import notify
from moderation.actions import log
from moderation.models import FirstLook, Flag, LogEntry, ReviewRequest

# The rules a post can be hidden under; spam and abuse also cost reputation.
HIDE_REASONS = {
    Flag.Reason.SPAM: "spam",
    Flag.Reason.ABUSE: "abuse",
    Flag.Reason.OFF_TOPIC: "off-topic",
    Flag.Reason.PERSONAL_DATA: "personal data",
}
PENALISED = {Flag.Reason.SPAM, Flag.Reason.ABUSE}


def _close_flags(post: Post, status: str, now: datetime) -> None:
    Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(status=status, resolved_at=now)
    ReviewRequest.objects.filter(post=post, resolved_at=None).update(resolved_at=now)


def _lock_post(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("thread", "author").get(pk=post.pk)


@transaction.atomic
def dismiss_flags(*, post: Post, by: User, reason: str, now: datetime | None = None) -> None:
    """The flags were wrong: close them, and bring back a post they had hidden pending review."""
    now = now or timezone.now()
    post = _lock_post(post)
    was_pending = post.is_pending_review
    _close_flags(post, Flag.Status.DISMISSED, now)
    if was_pending:
        Post.objects.filter(pk=post.pk).update(is_hidden=False, hidden_reason="", hidden_at=None)
    log.record(actor=by, action=LogEntry.Action.DISMISS_FLAGS, post=post, reason=reason, at=now)


@transaction.atomic
def hide_post(*, post: Post, by: User, rule: str, reason: str = "", now: datetime | None = None) -> None:
    """Hide a post under one of the rules (HIDE_REASONS): a tombstone for others, still
    readable and editable by its author. Spam and abuse take back what it earned, and the
    penalty. Hiding a post already hidden under the same rule changes nothing."""
    now = now or timezone.now()
    post = _lock_post(post)
    label = HIDE_REASONS[rule]
    if post.is_hidden and post.hidden_reason == label:
        return
    _close_flags(post, Flag.Status.UPHELD, now)
    Post.objects.filter(pk=post.pk).update(is_hidden=True, hidden_reason=label, hidden_at=now)
    thread = post.thread
    if rule in PENALISED:
        reputation.penalise_hidden_post(post=post, thread=thread, tags=list(thread.tags.all()), actor_id=by.pk, now=now)
    log.record(actor=by, action=LogEntry.Action.HIDE, post=post, reason=f"{label}: {reason}".rstrip(": "), at=now)
    notify(
        recipient_ids=[post.author_id],
        text=f"A moderator hid your post on “{thread.title}” as {label}. You can still edit it and ask for a review",
        url=post.get_absolute_url(),
        thread=thread,
    )


@transaction.atomic
def restore_post(*, post: Post, by: User, reason: str, now: datetime | None = None) -> None:
    """Bring a hidden post back, with exactly the reputation its hide took."""
    now = now or timezone.now()
    post = _lock_post(post)
    if not post.is_hidden:
        return
    _close_flags(post, Flag.Status.DISMISSED, now)
    Post.objects.filter(pk=post.pk).update(is_hidden=False, hidden_reason="", hidden_at=None)
    thread = post.thread
    reputation.restore_hidden_post(post=post, thread=thread, tags=list(thread.tags.all()), actor_id=by.pk, now=now)
    log.record(actor=by, action=LogEntry.Action.RESTORE, post=post, reason=reason, at=now)
    notify(
        recipient_ids=[post.author_id],
        text=f"A moderator restored your post on “{thread.title}”",
        url=post.get_absolute_url(),
        thread=thread,
    )


@transaction.atomic
def request_review(*, post: Post, by: User, note: str = "", now: datetime | None = None) -> bool:
    """The author of a hidden post asks for another look: once per hide. Returns False
    when this hide was already asked about. Check permissions.check_can_request_review."""
    post = _lock_post(post)
    if not post.is_hidden or ReviewRequest.objects.filter(post=post, hidden_at=post.hidden_at).exists():
        return False
    ReviewRequest.objects.create(post=post, note=note, hidden_at=post.hidden_at, created_at=now or timezone.now())
    return True


@transaction.atomic
def keep_hidden(*, post: Post, by: User, reason: str, now: datetime | None = None) -> None:
    """Answer the author's review request: the hide stands."""
    now = now or timezone.now()
    post = _lock_post(post)
    if not ReviewRequest.objects.filter(post=post, resolved_at=None).update(resolved_at=now):
        return
    log.record(actor=by, action=LogEntry.Action.KEEP_HIDDEN, post=post, reason=reason, at=now)
    notify(
        recipient_ids=[post.author_id],
        text=f"A moderator reviewed your post on “{post.thread.title}” and kept it hidden: {reason}",
        url=post.get_absolute_url(),
        thread=post.thread,
    )


def _lock_thread(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().get(pk=thread.pk)


def _open_status(thread: Thread) -> str:
    if thread.accepted_post_id:
        return Thread.Status.SOLVED
    return Thread.Status.ANSWERED if thread.first_response_at else Thread.Status.OPEN


@transaction.atomic
def lock_thread(*, thread: Thread, by: User, reason: str, now: datetime | None = None) -> None:
    thread = _lock_thread(thread)
    if thread.is_closed:
        return
    Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.LOCKED)
    log.record(actor=by, action=LogEntry.Action.LOCK, thread=thread, reason=reason, at=now or timezone.now())


@transaction.atomic
def unlock_thread(*, thread: Thread, by: User, reason: str, now: datetime | None = None) -> None:
    """Reopen a locked or duplicate thread, in the status its answers give it."""
    thread = _lock_thread(thread)
    if not thread.is_closed:
        return
    Thread.objects.filter(pk=thread.pk).update(status=_open_status(thread), duplicate_of=None)
    log.record(actor=by, action=LogEntry.Action.UNLOCK, thread=thread, reason=reason, at=now or timezone.now())


@transaction.atomic
def close_as_duplicate(
    *, thread: Thread, original: Thread, by: User, reason: str = "", now: datetime | None = None
) -> None:
    """Close a thread as a duplicate of `original`, which it then links to."""
    if original.pk == thread.pk:
        raise ValueError("a thread cannot duplicate itself")  # forms refuse it first
    thread = _lock_thread(thread)
    Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.DUPLICATE, duplicate_of=original)
    note = f"duplicate of “{original.title}”" + (f": {reason}" if reason else "")
    log.record(actor=by, action=LogEntry.Action.CLOSE_DUPLICATE, thread=thread, reason=note, at=now or timezone.now())


@transaction.atomic
def finish_first_look(*, look: FirstLook, by: User, now: datetime | None = None) -> None:
    """A moderator has looked at a new member's first post with links and left it up."""
    now = now or timezone.now()
    if FirstLook.objects.filter(pk=look.pk, looked_at=None).update(looked_at=now):
        log.record(actor=by, action=LogEntry.Action.FIRST_LOOK, post=look.post, at=now)
