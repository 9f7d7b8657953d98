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
