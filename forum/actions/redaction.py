"""Redacting an earlier revision of a post: personal data out of the history.

The revision's text (and a question's title in it) become REDACTED for good, so that an
edited-out phone number is gone from /p/<id>/revisions/ and its diffs; the thread's address
follows the current title (forum/actions/titles.py). The current revision is the live text,
changed by editing. Redaction is never silent: the moderation log records
who did it and when, in this transaction (forum/moderation_port.py), and without that record
the redaction does not happen.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from forum import locking, moderation_port
from forum.actions.titles import rebuild_address
from forum.models import REDACTED, Revision


@transaction.atomic
def redact_revision(*, revision: Revision, by: User, now: datetime | None = None) -> bool:
    """Replace the text of `revision` by REDACTED (check permissions.check_can_redact first).
    Returns False when it was redacted already. Locks the post, as edit_post does, so that
    no edit makes this revision the current one meanwhile."""
    now = now or timezone.now()
    post = locking.lock_post_and_thread(revision.post_id)  # forum/locking.py's order
    revision = Revision.objects.get(pk=revision.pk)
    if revision.redacted_at is not None:
        return False
    if revision.number >= post.revisions.aggregate(latest=Max("number"))["latest"]:
        raise ValueError("the current revision is changed by editing, not redacting")
    Revision.objects.filter(pk=revision.pk).update(
        body=REDACTED, title=REDACTED if revision.title else "", redacted_at=now, redacted_by=by
    )
    revision.refresh_from_db()
    if post.is_question:
        # The address holds the current title's words only; one left over from a title
        # edited before addresses followed titles goes now.
        rebuild_address(thread=post.thread)
    # Raises, undoing the redaction, unless moderation recorded it.
    moderation_port.record_redaction(revision=revision, post=post, by=by, now=now)
    return True
