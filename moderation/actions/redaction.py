"""The moderation log's record of a redaction (forum/actions/redaction.py): redaction is
never silent. Called by the forum's redact_revision through forum/moderation_port.py, inside
the redaction's transaction."""

from datetime import datetime

from accounts.models import User
from forum.models import Post, Revision
from moderation.actions import log
from moderation.actions.tombstones import tell_author
from moderation.models import LogEntry


def record_redaction(*, revision: Revision, post: Post, by: User, now: datetime) -> LogEntry:
    """Log who redacted which revision and when; a moderator's redaction is told to the
    author. Returns the entry (the forum refuses a redaction nobody recorded)."""
    entry = log.record(
        actor=by, action=LogEntry.Action.REDACT_REVISION, post=post, reason=f"revision {revision.number}", at=now
    )
    if by.pk != post.author_id:
        tell_author(
            post,
            f"A moderator redacted revision {revision.number} of your post on “{post.thread.title}”: "
            "its text is gone from the history",
        )
    return entry
