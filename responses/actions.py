"""Writes of the response-time engine and the official-response queue.

The periodic jobs are set-based UPDATEs made idempotent by their own predicate
(`overdue_at IS NULL`, `escalation_level < n`), which lives in the UPDATE's own
WHERE clause: when two workers race, PostgreSQL re-checks it on the row the other worker
changed, so each thread is marked overdue, escalated and notified about once. On SQLite
the IMMEDIATE transactions run one after the other.

Queue actions record who did what in the thread's history (forum.ThreadEvent).
"""

from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.permissions import holders_of
from config import events, pagecache
from forum import locking
from forum.models import MeToo, Post, Thread, ThreadEvent
from forum.notifications import notify
from responses.expressions import thread_tags
from responses.lags import default_lag
from responses.models import LagPolicy, OfficialRequest, QueueClaim, QueueDismissal, RepTag


def _past_lag_multiple(
    threads: QuerySet[Thread], *, now: datetime, multiple: int, since: str = "created_at"
) -> list[QuerySet[Thread]]:
    """One filtered queryset per lag policy, plus one for the default lag: together, the
    threads whose `since` lies more than `multiple` times their own lag (the shortest among
    their tags) before `now`."""
    policies = list(LagPolicy.objects.values_list("tag_id", "lag_minutes"))
    portions = [
        threads.filter(
            Exists(thread_tags().filter(tag_id=tag_id)), **{f"{since}__lte": now - multiple * timedelta(minutes=lag)}
        )
        for tag_id, lag in policies
    ]
    # The default applies through any tag without a policy, or when a thread has no tag.
    without_policy = thread_tags().exclude(tag_id__in=[tag_id for tag_id, _ in policies])
    portions.append(
        threads.filter(
            Q(Exists(without_policy)) | ~Q(Exists(thread_tags())),
            **{f"{since}__lte": now - multiple * default_lag()},
        )
    )
    return portions


def _update_once(threads: QuerySet[Thread], *, guard: dict, **values) -> int:
    """UPDATE `threads` that still match `guard`, with the guard in the UPDATE's own WHERE
    clause. A queryset filtered across a join (awaiting_official()) is written by Django as
    `WHERE id IN (SELECT ...)`, a list PostgreSQL does not re-check on a row that a racing
    worker changed meanwhile: the guard on forum_thread itself is re-checked, so each thread
    is changed (and notified about) by one run only (tests/responses/test_overdue.py)."""
    return Thread.objects.filter(pk__in=threads.filter(**guard).values("pk"), **guard).update(**values)


@transaction.atomic
def mark_overdue_threads(*, now: datetime) -> list[int]:
    """Mark overdue every thread past its lag with no response from anyone but the asker;
    notify the reps once about the threads marked now. Returns their ids."""
    awaiting = Thread.objects.awaiting_first_response().filter(overdue_at=None)
    # Nobody has answered since the question was asked: the wait counts from then, even
    # when a member's request had already put the thread in the queue.
    changed = sum(
        portion.update(overdue_at=now, waiting_since=F("created_at"))
        for portion in _past_lag_multiple(awaiting, now=now, multiple=1)
    )
    # A customer's follow-up after the official answer gets the same lag, from the follow-up.
    following_up = Thread.objects.open().filter(follow_up_at__isnull=False, overdue_at=None)
    changed += sum(
        portion.update(overdue_at=now)
        for portion in _past_lag_multiple(following_up, now=now, multiple=1, since="follow_up_at")
    )
    # The rows this run changed carry its timestamp; a run that changed none reports none.
    overdue = list(Thread.objects.filter(overdue_at=now).values_list("pk", flat=True)) if changed else []
    if overdue:
        pagecache.changed("queue", "threads", *(f"thread:{pk}" for pk in overdue))
        events.publish_many("thread.flagged_unanswered", lambda: _thread_payloads(overdue, overdue_at=now))
    _notify_reps_routed(
        overdue,
        now=now,
        text=lambda count: _count_text(count, "waiting past its lag time with no reply", "waiting past their lag time"),
    )
    return overdue


@transaction.atomic
def escalate_overdue_threads(*, now: datetime) -> dict[int, list[int]]:
    """Raise queue items with no official reply: level 1 past 4 lags (reps notified again),
    level 2 past ESCALATION_LEVEL_2_AFTER (leads notified). Each level notifies once.
    Returns {level: thread ids escalated to it now}."""
    queue = Thread.objects.awaiting_official()
    # Counted from when the thread started waiting in the queue, not from its creation: an
    # old thread asked about today has waited since today.
    _update_once(
        queue.filter(waiting_since__lte=now - settings.ESCALATION_LEVEL_2_AFTER),
        guard={"escalation_level__lt": 2},
        escalation_level=2,
        escalated_at=now,
    )
    for portion in _past_lag_multiple(queue, now=now, multiple=settings.ESCALATION_LAG_MULTIPLE, since="waiting_since"):
        _update_once(portion, guard={"escalation_level": 0}, escalation_level=1, escalated_at=now)
    escalated = {level: [] for level in (1, 2)}
    for pk, level in Thread.objects.filter(escalated_at=now).values_list("pk", "escalation_level"):
        escalated[level].append(pk)
    if escalated[1] or escalated[2]:
        pagecache.changed("queue", *(f"thread:{pk}" for pk in escalated[1] + escalated[2]))
        events.publish_many(
            "thread.escalated", lambda: _thread_payloads(escalated[1] + escalated[2], escalated_at=now, level=True)
        )

    def escalation_text(level):
        return lambda count: (
            f"Escalation level {level}: "
            + _count_text(count, "still without an official reply", "still without an official reply")
        )

    # Level 1 goes to the reps the threads are routed to, level 2 to every lead.
    _notify_reps_routed(escalated[1], now=now, text=escalation_text(1))
    if escalated[2]:
        _notify(_holders_of("receive_escalations"), escalated[2], now=now, text=escalation_text(2)(len(escalated[2])))
    return escalated


@transaction.atomic
def offer_unclaimed_threads(*, now: datetime) -> list[int]:
    """Queue items nobody has claimed by OFFER_TO_ALL_FRACTION of their lag are offered to
    every rep, not only the owners of their tags: each rep is told once. Overdue threads are
    left out: their overdue notice already went to everyone they are routed to.
    Returns the ids offered now."""
    candidates = Thread.objects.awaiting_official().filter(queue_claim=None, offered_at=None, overdue_at=None)
    changed = sum(
        _update_once(portion, guard={"offered_at": None}, offered_at=now)
        for portion in _past_lag_multiple(
            candidates, now=now, multiple=settings.OFFER_TO_ALL_FRACTION, since="waiting_since"
        )
    )
    offered = list(Thread.objects.filter(offered_at=now).values_list("pk", flat=True)) if changed else []
    if offered:
        pagecache.changed("queue", *(f"thread:{pk}" for pk in offered))
        text = _count_text(
            len(offered), "half-way to its lag with nobody on it", "half-way to their lag with nobody on them"
        )
        _notify(_holders_of("work_official_queue"), offered, now=now, text=text + ": any rep can take it")
    return offered


def _notify_reps_routed(ids: list[int], *, now: datetime, text) -> None:
    """Tell each rep about the threads among `ids` routed to them (querysets.routed_to: their
    tags, their claims, tags nobody looks after, and anything unclaimed past half its lag);
    reps who get the same threads share one notice. `text(count)` words it."""
    if not ids:
        return
    audiences: dict[tuple[int, ...], list[int]] = {}
    threads = Thread.objects.filter(pk__in=ids).with_lag_and_wait(now=now).with_offer()
    for rep in User.objects.filter(pk__in=_holders_of("work_official_queue")):
        routed = tuple(sorted(threads.routed_to(rep).values_list("pk", flat=True)))
        if routed:
            audiences.setdefault(routed, []).append(rep.pk)
    for routed, rep_ids in audiences.items():
        _notify(rep_ids, list(routed), now=now, text=text(len(routed)))


def _notify(recipient_ids: list[int], ids: list[int], *, now: datetime, text: str) -> None:
    notify(
        recipient_ids=recipient_ids,
        text=text,
        details=_thread_lines(ids, now=now),
        url=reverse("responses:official_queue"),
        thread=Thread.objects.get(pk=ids[0]) if len(ids) == 1 else None,
    )


def _thread_payloads(ids: list[int], *, level: bool = False, **extra) -> list[dict]:
    """The events' payloads for the threads this run changed (the ids it updated)."""
    threads = Thread.objects.filter(pk__in=ids).prefetch_related("tags").order_by("pk")
    return [
        events.thread_payload(thread, **extra, **({"escalation_level": thread.escalation_level} if level else {}))
        for thread in threads
    ]


def _holders_of(codename: str) -> list[int]:
    return list(holders_of(codename).values_list("pk", flat=True))


NOTICE_THREADS = 10  # threads listed in one notice; the rest are counted


def _thread_lines(ids: list[int], *, now: datetime) -> str:
    """One line per thread, most urgent first: title, tags, wait, the asker's influence."""
    threads = list(
        Thread.objects.filter(pk__in=ids)
        .with_priority(now=now)
        .select_related("author")
        .prefetch_related("tags")
        .order_by("-priority", "pk")[:NOTICE_THREADS]
    )
    lines = [
        f"• “{thread.title}” ({', '.join(tag.name for tag in thread.tags.all()) or 'no tag'}; "
        f"waiting {_minutes(thread.waited_minutes)}; asker {thread.author.reputation} reputation, "
        f"{thread.relative_reputation} in these tags)"
        for thread in threads
    ]
    if len(ids) > NOTICE_THREADS:
        lines.append(f"… and {len(ids) - NOTICE_THREADS} more in the queue")
    return "\n".join(lines)


def _minutes(value: float) -> str:
    hours, minutes = divmod(round(value), 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def _count_text(count: int, one: str, many: str) -> str:
    return f"1 thread is {one}" if count == 1 else f"{count} threads are {many}"


# --- The queue ------------------------------------------------------------------------------


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
    limit = settings.OFFICIAL_REQUESTS_PER_DAY
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
    bring_back_dismissed(thread=thread, by=by, now=now)
    OfficialRequest.objects.create(thread=thread, requested_by=by, requested_at=now)
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.OFFICIAL_REQUESTED, at=now)
    Thread.objects.filter(pk=thread.pk, official_requested_at=None).update(official_requested_at=now)
    Thread.objects.filter(pk=thread.pk, waiting_since=None).update(waiting_since=now)
    pagecache.changed("queue", "threads", f"thread:{thread.pk}")
    return True


def queue_after_reply(*, post: Post, thread: Thread, official: bool, now: datetime, follow_up: bool = True) -> None:
    """What an answer on `thread` means for the queue: the asker's reply outweighs a rep's
    dismissal, and the customer's reply after the official answer puts the thread back in
    the queue. Called by forum's post_answer (signals.answer_posted) inside its transaction,
    holding the thread's row; `thread` is as it was before the answer. A reply that expects
    no answer (`follow_up=False`, the asker's update after a resolved case) changes nothing."""
    if not follow_up:
        return
    author = post.author
    if author.pk == thread.author_id:
        # The customer is still there: a reply of theirs outweighs a rep's dismissal.
        bring_back_dismissed(thread=thread, by=author, now=now)
    if (
        not official
        and thread.kind == Thread.Kind.QUESTION
        and thread.first_official_at
        and thread.follow_up_at is None
        and _is_customer(author, thread)
    ):
        # "That didn't work": after the company's answer the thread waits on the company
        # again, back in the queue with its own clock and lag from this reply.
        Thread.objects.filter(pk=thread.pk).update(
            follow_up_at=now,
            waiting_since=now,
            overdue_at=None,
            offered_at=None,
            escalation_level=0,
            escalated_at=None,
        )
        pagecache.changed("queue", "threads", f"thread:{thread.pk}")


def _is_customer(user: User, thread: Thread) -> bool:
    """The asker, or a member who said "me too": whose reply the company owes an answer."""
    return user.pk == thread.author_id or MeToo.objects.filter(user=user, thread=thread).exists()


def bring_back_dismissed(*, thread: Thread, by: User, now: datetime) -> bool:
    """Undo a dismissal (a lead's decision, a new request, or the customer's follow-up).
    Call inside a transaction. Returns False when the thread was not dismissed."""
    if not QueueDismissal.objects.filter(thread=thread).delete()[0]:
        return False
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.UNDISMISSED, at=now)
    pagecache.changed("queue", f"thread:{thread.pk}")
    return True


@transaction.atomic
def undismiss_thread(*, thread: Thread, by: User, now: datetime | None = None) -> bool:
    """A lead puts a dismissed thread back in the queue. Check permissions.check_can_undismiss."""
    return bring_back_dismissed(thread=thread, by=by, now=now or timezone.now())


@transaction.atomic
def mark_done(*, thread: Thread, by: User, now: datetime | None = None) -> bool:
    """A rep decides the customer's follow-up needs no further official reply: the thread
    waits on the customer again. Returns False when there was no follow-up waiting."""
    now = now or timezone.now()
    if not Thread.objects.filter(pk=thread.pk, follow_up_at__isnull=False).update(follow_up_at=None):
        return False
    QueueClaim.objects.filter(thread=thread).delete()
    pagecache.changed("queue", "threads", f"thread:{thread.pk}")
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.MARKED_DONE, at=now)
    return True


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
    claim = QueueClaim.objects.filter(thread=thread).first()
    if claim and claim.claimed_by_id == rep.pk:
        return claim, Handover.NONE
    pagecache.changed("queue", f"thread:{thread.pk}")
    if claim:
        claim.claimed_by, claim.claimed_at = rep, now
        changed = ["claimed_by", "claimed_at"]
        if assigned_by is not None:
            claim.assigned_by = assigned_by
            changed.append("assigned_by")
        claim.save(update_fields=changed)
        return claim, Handover.TAKEN_OVER
    Thread.objects.filter(pk=thread.pk, waiting_since=None).update(waiting_since=now)
    claim = QueueClaim.objects.create(thread=thread, claimed_by=rep, claimed_at=now, assigned_by=assigned_by)
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
        pagecache.changed("queue", f"thread:{thread.pk}")
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
        pagecache.changed("queue", f"thread:{thread.pk}")
        ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.DISMISSED, note=reason, at=now)
    return dismissal
