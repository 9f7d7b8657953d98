""" "Done without a reply": a rep decides a customer's follow-up after the official answer
needs no further official reply, saying why, and may take it back for DONE_UNDO_WINDOW.

Marking done keeps what it changes in a DoneRecord (the follow-up's time and the claim it let
go of); undoing puts exactly that back: the follow-up's time (so the queue's place and clock
are what they were, waiting_since never having moved), and the claim with its holder, its
time and the lead who assigned it. Undoing is refused once the window has passed or when the
thread moved on meanwhile (the customer wrote again, an official answer or a case, a claim,
a dismissal, a request for a detail, a close), since the record no longer says what to
restore. The state itself is written by the recorder (responses/waiting.py).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case as PrivateCase
from config import pagecache
from forum import locking
from forum.models import Post, Thread, ThreadEvent
from responses import waiting
from responses.models import DoneRecord, QueueClaim, QueueDismissal, ResponseState

DONE_UNDO_WINDOW = timedelta(minutes=10)


class CannotUndo(Exception):
    """Why a "done" cannot be undone, in words for the rep."""


@transaction.atomic
def mark_done(*, thread: Thread, by: User, reason: str, now: datetime | None = None) -> DoneRecord | None:
    """The customer's follow-up needs no further official reply: the thread waits on the
    customer again, and a claim on it is let go of. Returns None (and changes nothing) when
    no follow-up was waiting. Check permissions.check_can_work_queue first."""
    now = now or timezone.now()
    locking.lock_thread(thread.pk)
    state = ResponseState.objects.get(pk=thread.pk)
    if state.follow_up_at is None:
        return None
    claim = QueueClaim.objects.filter(thread=thread).first()
    record = DoneRecord.objects.create(
        thread=thread,
        by=by,
        reason=reason,
        at=now,
        follow_up_at=state.follow_up_at,
        waiting_since=state.waiting_since,
        claimed_by_id=claim.claimed_by_id if claim else None,
        claimed_at=claim.claimed_at if claim else None,
        assigned_by_id=claim.assigned_by_id if claim else None,
    )
    waiting.done(thread=thread)
    if claim:
        claim.delete()
        waiting.queue_changed(thread=thread)
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.MARKED_DONE, note=reason, at=now)
    return record


def undoable(thread: Thread, *, now: datetime | None = None) -> DoneRecord | None:
    """The thread's latest "done", while it may still be undone (not undone, in the window)."""
    now = now or timezone.now()
    record = DoneRecord.objects.filter(thread=thread).select_related("by").first()
    if record is None or record.undone_at is not None or now - record.at > DONE_UNDO_WINDOW:
        return None
    return record


def why_not_undo(record: DoneRecord | None, *, thread: Thread, now: datetime) -> str:
    """ "" when `record` may be undone now; else why not. Call holding the thread's lock."""
    if record is None or record.undone_at is not None:
        return "Nothing marked done on this thread waits to be undone."
    if now - record.at > DONE_UNDO_WINDOW:
        minutes = round(DONE_UNDO_WINDOW.total_seconds() / 60)
        return (
            f"“Done” can be undone for {minutes} minutes only, and this was marked done longer ago. "
            "If the customer still needs an answer, reply officially on the thread."
        )
    state = ResponseState.objects.get(pk=thread.pk)
    since = {"created_at__gt": record.at}
    if state.follow_up_at is not None or state.waiting_since != record.waiting_since:
        return "The customer wrote again since it was marked done: the thread is back in the queue by itself."
    if (
        Post.objects.filter(thread=thread, is_official=True, **since).exists()
        or ThreadEvent.objects.filter(thread=thread, kind=ThreadEvent.Kind.MARKED_OFFICIAL, **since).exists()
        or PrivateCase.objects.filter(thread=thread, opened_at__gt=record.at).exists()
    ):
        return "The company has answered since it was marked done, so there is nothing left to undo."
    if QueueClaim.objects.filter(thread=thread).exists() or QueueDismissal.objects.filter(thread=thread).exists():
        return "Someone has claimed or dismissed the thread since it was marked done; nothing was changed."
    if state.detail_requested_at is not None or not thread.is_open:
        return "The thread has changed since it was marked done (closed, or waiting on the customer's detail)."
    return ""


@transaction.atomic
def undo_done(*, thread: Thread, by: User, now: datetime | None = None) -> DoneRecord:
    """Put the thread back as it was before its latest "done": the follow-up and its clock,
    its place in the queue, and the claim. Raises CannotUndo saying why not.
    Check permissions.check_can_work_queue first."""
    now = now or timezone.now()
    thread = locking.lock_thread(thread.pk)  # as it is now, under the lock
    record = DoneRecord.objects.filter(thread=thread).first()
    if reason := why_not_undo(record, thread=thread, now=now):
        raise CannotUndo(reason)
    if record.claimed_by_id:
        QueueClaim.objects.create(
            thread=thread,
            claimed_by_id=record.claimed_by_id,
            claimed_at=record.claimed_at,
            assigned_by_id=record.assigned_by_id,
        )
        pagecache.changed("queue", f"thread:{thread.pk}")
    waiting.follow_up_restored(thread=thread, follow_up_at=record.follow_up_at)
    record.undone_at = now
    record.save(update_fields=["undone_at"])
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.DONE_UNDONE, at=now)
    return record
