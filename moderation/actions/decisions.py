"""A moderator's decisions on posts and threads. Each locks what it changes, writes one
entry in the public log, and tells the member concerned."""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config import pagecache
from forum import locking, reputation
from forum.engine import engine
from forum.models import Follow, Post, Thread
from forum.notifications import notify
from moderation.actions import log
from moderation.actions.tombstones import set_hidden, tell_author
from moderation.models import FirstLook, Flag, LogEntry, ReportClaim, ReviewRequest

# The rules a post can be hidden under; spam and abuse also cost reputation.
HIDE_REASONS = {
    Flag.Reason.SPAM: "spam",
    Flag.Reason.ABUSE: "abuse",
    Flag.Reason.RUDE: "rude",
    Flag.Reason.OFF_TOPIC: "off-topic",
    Flag.Reason.PERSONAL_DATA: "personal data",
}
PENALISED = {Flag.Reason.SPAM, Flag.Reason.ABUSE}

# forum/reputation.py's penalise_hidden_post or restore_hidden_post.
ReputationChange = Callable[..., int]


def _lock_post(post: Post) -> Post:
    """The post's thread, the post, then its author, whose reputation a hide or a restore
    moves (forum/locking.py's one order)."""
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)
    locking.lock_users(post.author_id)
    return post


def _decide_on_post(
    post: Post,
    *,
    by: User,
    flags: str,
    hidden_reason: str | None,
    now: datetime,
    reputation_change: ReputationChange | None = None,
) -> None:
    """What every moderator's decision on a post's visibility shares: its open flags close as
    `flags` (upheld or dismissed) and its review requests as answered, the tombstone goes
    up (`hidden_reason`), comes down ("") or stays as it is (None), its author's reputation
    moves (`reputation_change`), and it counts as the moderators' first look at a new
    member's post. Call holding the post's lock."""
    Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(status=flags, resolved_at=now)
    ReviewRequest.objects.filter(post=post, resolved_at=None).update(resolved_at=now)
    ReportClaim.objects.filter(post=post).delete()  # decided: nobody is on it any more
    pagecache.changed("reports")  # the moderators' header count
    if FirstLook.objects.filter(post=post, looked_at=None).update(looked_at=now):
        pagecache.changed(f"thread:{post.thread_id}")
    if hidden_reason is not None:
        set_hidden(post, hidden_reason=hidden_reason, now=now)
    if reputation_change is not None:
        thread = post.thread
        reputation_change(post=post, thread=thread, tags=list(thread.tags.all()), actor_id=by.pk, now=now)


@transaction.atomic
def claim_report(*, post: Post, by: User, now: datetime | None = None) -> ReportClaim:
    """`by` works the report on `post` ("I'm on it"), taking it over from another moderator
    if need be: the queue shows whose it is."""
    claim, _ = ReportClaim.objects.update_or_create(
        post=post, defaults={"moderator": by, "claimed_at": now or timezone.now()}
    )
    pagecache.changed("reports")
    return claim


@transaction.atomic
def release_report(*, post: Post, by: User) -> bool:
    """`by` stops working the report. Returns False when it was not theirs."""
    released = ReportClaim.objects.filter(post=post, moderator=by).delete()[0] > 0
    if released:
        pagecache.changed("reports")
    return released


@transaction.atomic
def dismiss_flags(*, post: Post, by: User, reason: str, now: datetime | None = None) -> None:
    """The flags were wrong: close them, and bring back a post they had hidden pending review."""
    now = now or timezone.now()
    post = _lock_post(post)
    # A moderator's own hide stands; only the flags' hide pending review is undone.
    hidden_reason = "" if post.is_pending_review else None
    _decide_on_post(post, by=by, flags=Flag.Status.DISMISSED, hidden_reason=hidden_reason, now=now)
    log.record(actor=by, action=LogEntry.Action.DISMISS_FLAGS, post=post, reason=reason, at=now)


@transaction.atomic
def hide_post(*, post: Post, by: User, rule: str, reason: str = "", now: datetime | None = None) -> None:
    """Hide a post under one of the rules (HIDE_REASONS): a tombstone for others, still
    readable and editable by its author. Spam and abuse take back what it earned, and the
    penalty. Hiding a post already hidden under the same rule changes nothing."""
    now = now or timezone.now()
    post = _lock_post(post)
    label = HIDE_REASONS[rule]
    if post.is_hidden and post.hidden_by == Post.HiddenBy.MODERATOR and post.hidden_reason == label:
        return
    penalty = reputation.penalise_hidden_post if rule in PENALISED else None
    _decide_on_post(post, by=by, flags=Flag.Status.UPHELD, hidden_reason=label, now=now, reputation_change=penalty)
    log.record(actor=by, action=LogEntry.Action.HIDE, post=post, reason=f"{label}: {reason}".rstrip(": "), at=now)
    title = post.thread.title
    tell_author(post, f"A moderator hid your post on “{title}” as {label}. You can still edit it and ask for a review")


@transaction.atomic
def restore_post(*, post: Post, by: User, reason: str, now: datetime | None = None) -> None:
    """Bring a hidden post back, with exactly the reputation its hide took."""
    now = now or timezone.now()
    post = _lock_post(post)
    if not post.is_hidden:
        return
    _decide_on_post(
        post,
        by=by,
        flags=Flag.Status.DISMISSED,
        hidden_reason="",
        now=now,
        reputation_change=reputation.restore_hidden_post,
    )
    log.record(actor=by, action=LogEntry.Action.RESTORE, post=post, reason=reason, at=now)
    tell_author(post, f"A moderator restored your post on “{post.thread.title}”")


@transaction.atomic
def request_review(*, post: Post, by: User, note: str = "", now: datetime | None = None) -> bool:
    """The author of a hidden post asks for another look: once per hide. Returns False
    when this hide was already asked about. Check permissions.check_can_request_review."""
    post = _lock_post(post)
    if not post.is_hidden or ReviewRequest.objects.filter(post=post, hidden_at=post.hidden_at).exists():
        return False
    ReviewRequest.objects.create(post=post, note=note, hidden_at=post.hidden_at, created_at=now or timezone.now())
    pagecache.changed("reports", f"thread:{post.thread_id}")
    return True


@transaction.atomic
def keep_hidden(*, post: Post, by: User, reason: str, now: datetime | None = None) -> None:
    """Answer the author's review request: the hide stands."""
    now = now or timezone.now()
    post = _lock_post(post)
    if not ReviewRequest.objects.filter(post=post, resolved_at=None).update(resolved_at=now):
        return
    log.record(actor=by, action=LogEntry.Action.KEEP_HIDDEN, post=post, reason=reason, at=now)
    pagecache.changed("reports", f"thread:{post.thread_id}")
    tell_author(post, f"A moderator reviewed your post on “{post.thread.title}” and kept it hidden: {reason}")


def _lock_thread(thread: Thread) -> Thread:
    return locking.lock_thread(thread.pk)


def _open_status(thread: Thread) -> str:
    if thread.accepted_post_id:
        return Thread.Status.SOLVED
    return Thread.Status.ANSWERED if engine().has_response(thread) else Thread.Status.OPEN


@transaction.atomic
def lock_thread(*, thread: Thread, by: User, reason: str, now: datetime | None = None) -> None:
    thread = _lock_thread(thread)
    if thread.is_closed:
        return
    Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.LOCKED)
    engine().open_changed(thread=thread)
    pagecache.changed("threads", "queue", f"thread:{thread.pk}")
    log.record(actor=by, action=LogEntry.Action.LOCK, thread=thread, reason=reason, at=now or timezone.now())


@transaction.atomic
def unlock_thread(*, thread: Thread, by: User, reason: str, now: datetime | None = None) -> None:
    """Reopen a locked or duplicate thread, in the status its answers give it."""
    thread = _lock_thread(thread)
    if not thread.is_closed:
        return
    Thread.objects.filter(pk=thread.pk).update(status=_open_status(thread), duplicate_of=None)
    engine().open_changed(thread=thread)
    pagecache.changed("threads", "queue", f"thread:{thread.pk}")
    log.record(actor=by, action=LogEntry.Action.UNLOCK, thread=thread, reason=reason, at=now or timezone.now())


@transaction.atomic
def close_as_duplicate(
    *, thread: Thread, original: Thread, by: User, reason: str = "", now: datetime | None = None
) -> None:
    """Close a thread as a duplicate of `original`, which it then links to. Closing it again
    as a duplicate of the same thread changes nothing."""
    if original.pk == thread.pk:
        raise ValueError("a thread cannot duplicate itself")  # forms refuse it first
    thread = _lock_thread(thread)
    if thread.status == Thread.Status.DUPLICATE and thread.duplicate_of_id == original.pk:
        return
    Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.DUPLICATE, duplicate_of=original)
    engine().open_changed(thread=thread)
    pagecache.changed("threads", "queue", f"thread:{thread.pk}")
    note = f"duplicate of “{original.title}”" + (f": {reason}" if reason else "")
    log.record(actor=by, action=LogEntry.Action.CLOSE_DUPLICATE, thread=thread, reason=note, at=now or timezone.now())
    # The asker and everyone following it are told where the answers are.
    told = {thread.author_id, *Follow.objects.filter(thread=thread).values_list("user_id", flat=True)} - {by.pk}
    if told:
        notify(
            recipient_ids=sorted(told),
            text=f"“{thread.title}” was closed as a duplicate of “{original.title}”: the answers are there",
            url=original.get_absolute_url(),
            thread=original,
        )


@transaction.atomic
def finish_first_look(*, look: FirstLook, by: User, now: datetime | None = None) -> None:
    """A moderator has looked at a new member's post and left it up: a held answer is public
    now, and its author is told."""
    now = now or timezone.now()
    if FirstLook.objects.filter(pk=look.pk, looked_at=None).update(looked_at=now):
        pagecache.changed("reports", f"thread:{look.post.thread_id}")  # the new member's mark
        log.record(actor=by, action=LogEntry.Action.FIRST_LOOK, post=look.post, at=now)
        post = locking.lock_post_and_thread(look.post_id, thread_id=look.post.thread_id)
        if post.hidden_by == Post.HiddenBy.FIRST_LOOK:
            set_hidden(post, hidden_reason="", now=now)
            tell_author(post, f"A moderator has looked at your answer on “{post.thread.title}”: it is public now")
