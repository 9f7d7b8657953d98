"""The official-response queue's verbs: a member's request for an official answer, a rep's
claim, a lead's assignment, release, dismissal and "done". Each is one transaction; what it
changes in the thread's waiting state is recorded by responses/waiting.py. The periodic jobs
are responses/jobs.py.

Queue actions record who did what in the thread's history (forum.ThreadEvent).
"""

from datetime import datetime, timedelta
from enum import Enum

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config import pagecache
from forum import locking
from forum.models import Thread, ThreadEvent
from forum.notifications import notify
from responses import waiting
from responses.conf import conf
from responses.done import mark_done, undo_done  # noqa: F401  ("done" and its undoing: responses/done.py)
from responses.models import OfficialRequest, QueueClaim, QueueDismissal, RepTag
from responses.waiting import bring_back_dismissed  # noqa: F401  (a queue verb too: undismiss_thread)


class RequestLimitReached(Exception):
    """A member has asked for official answers as often as OFFICIAL_REQUESTS_PER_DAY allows."""


@transaction.atomic
def request_official_response(*, thread: Thread, by: User, now: datetime | None = None) -> bool:
    """Record that `by` asks for an official answer: the thread enters the official-response
    queue, its waiting clock starting now unless it was already waiting. Returns False when
    this member had already asked. Check permissions.check_can_request_official first.

    Raises RequestLimitReached past OFFICIAL_REQUESTS_PER_DAY requests in 24 hours."""
    now = now or timezone.now()
    # The thread, then the member (forum/locking.py's order): one member's requests one at
    # a time, so that the limit holds.
    locking.lock_thread(thread.pk)
    locking.lock_users(by.pk)
    if OfficialRequest.objects.filter(thread=thread, requested_by=by).exists():
        return False
    limit = conf.OFFICIAL_REQUESTS_PER_DAY
    recent = OfficialRequest.objects.filter(requested_by=by, requested_at__gt=now - timedelta(days=1)).count()
    if recent >= limit:
        raise RequestLimitReached(
            f"You have asked for {limit} official answers in the last 24 hours, the most allowed. "
            "The team sees every thread waiting past its lag time anyway."
        )
    return queue_for_official_response(thread=thread, by=by, now=now)


def queue_for_official_response(*, thread: Thread, by: User, now: datetime) -> bool:
    """Put the thread in the official-response queue at `by`'s word (a member's request, or
    a "needs an official response" flag), recording who asked. A new request outweighs an
    earlier dismissal. Returns False when `by` had already asked. Call inside a transaction;
    no rate limit here."""
    if OfficialRequest.objects.filter(thread=thread, requested_by=by).exists():
        return False
    waiting.bring_back_dismissed(thread=thread, by=by, now=now)
    OfficialRequest.objects.create(thread=thread, requested_by=by, requested_at=now)
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.OFFICIAL_REQUESTED, at=now)
    waiting.official_requested(thread=thread, now=now)
    return True


@transaction.atomic
def undismiss_thread(*, thread: Thread, by: User, now: datetime | None = None) -> bool:
    """A lead puts a dismissed thread back in the queue. Check permissions.check_can_undismiss."""
    return waiting.bring_back_dismissed(thread=thread, by=by, now=now or timezone.now())


@transaction.atomic
def claim_thread(*, thread: Thread, by: User, now: datetime | None = None) -> QueueClaim:
    """Take a queue item (or take it over from another rep). Claiming your own is a no-op.
    Check permissions.check_can_claim first."""
    now = now or timezone.now()
    claim, handover = _hand_claim_to(by, thread=thread, now=now)
    if handover is not Handover.NONE:
        kind = ThreadEvent.Kind.CLAIMED if handover is Handover.NEW else ThreadEvent.Kind.CLAIM_TAKEN_OVER
        ThreadEvent.record(thread=thread, actor=by, kind=kind, at=now)
    return claim


@transaction.atomic
def assign_thread(*, thread: Thread, rep: User, by: User, now: datetime | None = None) -> bool:
    """A lead gives a queue item to a rep, who is told once. Assigning it to the rep who
    already holds it changes nothing and tells nobody. Check permissions.check_can_assign."""
    now = now or timezone.now()
    _claim, handover = _hand_claim_to(rep, thread=thread, now=now, assigned_by=by)
    if handover is Handover.NONE:
        return False
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.ASSIGNED, subject=rep, at=now)
    notify(
        recipient_ids=[rep.pk],
        actor=by,
        text=f"assigned you “{thread.title}”",
        url=thread.get_absolute_url(),
        thread=thread,
    )
    return True


class Handover(Enum):
    NONE = "none"  # the rep held the claim already
    TAKEN_OVER = "taken_over"  # from another rep
    NEW = "new"  # nobody held it


def _hand_claim_to(
    rep: User, *, thread: Thread, now: datetime, assigned_by: User | None = None
) -> tuple[QueueClaim, Handover]:
    """Make `rep` the holder of the thread's claim, locking the thread first: two first
    claims must not both try to create the claim row. A new claim puts the thread in the
    queue ("I'm on it", querysets.awaiting_official), waiting from now unless it was already.
    Call inside a transaction."""
    Thread.objects.select_for_update().filter(pk=thread.pk).values_list("pk").get()
    pagecache.changed("queue", f"thread:{thread.pk}")  # who holds it shows on both
    claim = QueueClaim.objects.filter(thread=thread).first()
    if claim and claim.claimed_by_id == rep.pk:
        return claim, Handover.NONE
    if claim:
        claim.claimed_by, claim.claimed_at = rep, now
        changed = ["claimed_by", "claimed_at"]
        if assigned_by is not None:
            claim.assigned_by = assigned_by
            changed.append("assigned_by")
        claim.save(update_fields=changed)
        return claim, Handover.TAKEN_OVER
    claim = QueueClaim.objects.create(thread=thread, claimed_by=rep, claimed_at=now, assigned_by=assigned_by)
    waiting.claimed(thread=thread, now=now)
    return claim, Handover.NEW


@transaction.atomic
def set_rep_tags(*, rep: User, tag_ids: list[int]) -> None:
    """The tags a rep looks after, replacing the old set."""
    RepTag.objects.filter(rep=rep).exclude(tag_id__in=tag_ids).delete()
    kept = set(RepTag.objects.filter(rep=rep).values_list("tag_id", flat=True))
    RepTag.objects.bulk_create([RepTag(rep=rep, tag_id=tag_id) for tag_id in set(tag_ids) - kept])
    pagecache.changed("queue")  # what is routed to them


@transaction.atomic
def release_thread(*, thread: Thread, by: User, now: datetime | None = None) -> None:
    """Give a claim back. Check permissions.check_can_release first."""
    if QueueClaim.objects.filter(thread=thread).delete()[0]:
        waiting.queue_changed(thread=thread)
        ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.RELEASED, at=now or timezone.now())


@transaction.atomic
def dismiss_thread(*, thread: Thread, by: User, reason: str, now: datetime | None = None) -> QueueDismissal:
    """Take a thread out of the queue, keeping who and why. Dismissing twice keeps the
    first. Check permissions.check_can_dismiss first."""
    now = now or timezone.now()
    Thread.objects.select_for_update().filter(pk=thread.pk).values_list("pk").get()
    dismissal, created = QueueDismissal.objects.get_or_create(
        thread=thread, defaults={"dismissed_by": by, "reason": reason, "dismissed_at": now}
    )
    if created:
        QueueClaim.objects.filter(thread=thread).delete()
        waiting.queue_changed(thread=thread)
        ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.DISMISSED, note=reason, at=now)
    return dismissal
