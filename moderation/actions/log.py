"""The one writer of the moderation log."""

from datetime import datetime

from accounts.models import User
from forum.models import Post, Thread
from moderation.models import LogEntry


def record(
    *,
    actor: User | None,
    action: str,
    at: datetime,
    reason: str = "",
    post: Post | None = None,
    thread: Thread | None = None,
    member: User | None = None,
) -> LogEntry:
    """Append one entry. Call inside the transaction of the action it records."""
    if post is not None and thread is None:
        thread = post.thread
    if post is not None and member is None:
        member = post.author
    return LogEntry.objects.create(
        actor=actor, action=action, post=post, thread=thread, member=member, reason=reason[:500], created_at=at
    )


def record_edit(*, post, by, reason: str, now) -> LogEntry | None:
    """A moderator edited someone else's post: the public log says so, with their reason
    (forum/moderation_port.py). A trusted member's edit is told to the author and shown on
    the post, but it is not a moderation decision."""
    if not by.has_perm("accounts.moderate"):
        return None
    return record(actor=by, action=LogEntry.Action.EDIT, post=post, reason=reason, at=now)
