"""The response-time engine's periodic jobs (responses/tasks.py runs them on the beat): mark
overdue the threads past their lag, escalate queue items with no official reply, offer
unclaimed ones to every rep; copy the askers' standing in their tags into the queue's rows.

Each job first reads which threads are due, by the stored times (ResponseState.due_at,
escalates_at, offers_at: spelled once, by responses/derived.py), by index: a run with
nothing due writes nothing. It then writes those rows in one set-based UPDATE per change
(mark overdue; escalate to each level; offer), made idempotent by its own predicate
(`overdue_at IS NULL`, `escalation_level < n`) on response_state itself, in the UPDATE's own
WHERE clause: when two workers race, PostgreSQL re-checks it on the row the other worker
changed, so each thread is marked overdue, escalated and notified about once. The UPDATE
returns the rows it wrote (config/updates.py), and only those are told about. On SQLite the
IMMEDIATE transactions run one after the other.
"""

from datetime import datetime

from django.db import connection, transaction
from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, When
from django.urls import reverse

from accounts.permissions import holders_of
from config import events, pagecache
from config.updates import epoch, update_returning
from forum.models import ReputationEvent, Thread
from forum.notifications import notify
from responses import derived
from responses.conf import conf
from responses.models import QueueClaim, QueueThread, ResponseState, StandingCopied
from responses.routing import Waiting, routed_to_reps
from responses.waiting import refresh_asker_tag_reputation, retime_if_configuration_changed


def mark_overdue_threads(*, now: datetime) -> list[int]:
    """Mark overdue every thread past its lag with no response from anyone but the asker, or
    whose customer's follow-up has waited its lag; notify the reps once about the threads
    marked now. Returns their ids."""
    retime_if_configuration_changed(now=now)
    due = ResponseState.objects.filter(derived.open_question(), overdue_at=None, due_at__lte=now)
    if not _any_due(due, "due_at"):
        return []
    with transaction.atomic():
        _take_turns()
        # Nobody has answered since the question was asked: the wait counts from then, even
        # when a member's request had already put the thread in the queue. A customer's
        # follow-up keeps its own clock (waiting_since is the follow-up).
        since = Case(
            When(follow_up_at=None, then=F("asked_at")), default=F("waiting_since"), output_field=DateTimeField()
        )
        # Both clocks and what follows from them (in the queue, next escalation, no offer);
        # marking does not move due_at, which orders them: the longest past due first.
        written = derived.update_settled(
            due,
            returning=(epoch("due_at"), "pk", epoch("waiting_since"), "lag_minutes"),
            overdue_at=now,
            waiting_since=since,
        )
        items: list[Waiting] = [(since, pk, lag) for _due_at, pk, since, lag in sorted(written)]
        overdue = [pk for _since, pk, _lag in items]
        if not overdue:
            return []
        pagecache.changed("queue", "threads", *pagecache.thread_pages(overdue))
        events.publish_many("thread.flagged_unanswered", lambda: _thread_payloads(overdue, overdue_at=now))
        _notify_reps_routed(
            items,
            now=now,
            text=lambda count: _count_text(
                count, "waiting past its lag time with no reply", "waiting past their lag time"
            ),
        )
    return overdue


def escalate_overdue_threads(*, now: datetime) -> dict[int, list[int]]:
    """Raise queue items with no official reply: level 1 past ESCALATION_LAG_MULTIPLE lags
    (reps notified again), level 2 past ESCALATION_LEVEL_2_AFTER (leads notified). Each level
    notifies once. Returns {level: thread ids escalated to it now}."""
    retime_if_configuration_changed(now=now)
    # The stored next-escalation time (derived.escalates_at_expression) finds them by index;
    # both levels count from when the thread started waiting in the queue, not from its
    # creation: an old thread asked about today has waited since today.
    due = ResponseState.objects.filter(derived.open_question(), queued=True, escalates_at__lte=now)
    escalated = {1: [], 2: []}
    if not _any_due(due, "escalates_at"):
        return escalated
    # Level 2 for whoever has waited ESCALATION_LEVEL_2_AFTER (from level 0 or 1), then level 1
    # for the rest still at 0 (a row just raised to 2 has no next time left).
    levels = {
        2: Q(escalation_level__lt=2, waiting_since__lte=now - conf.ESCALATION_LEVEL_2_AFTER),
        1: Q(escalation_level=0),
    }
    items = {}
    with transaction.atomic():
        _take_turns()
        # Each row's next escalation time moves on with its level, in the same UPDATE: nothing
        # else derived (responses/derived.py) depends on the level of a queued thread.
        for level, which in levels.items():
            written = update_returning(
                due.filter(which),
                (epoch("waiting_since"), "pk", "lag_minutes"),
                escalation_level=level,
                escalated_at=now,
                escalates_at=derived.escalates_at_after(level),
            )
            items[level] = sorted(written)  # Waiting tuples, the longest waiting first
            escalated[level] = [pk for _since, pk, _lag in items[level]]
        if escalated[1] or escalated[2]:
            pagecache.changed("queue", *pagecache.thread_pages(escalated[1] + escalated[2]))
            events.publish_many(
                "thread.escalated",
                lambda: _thread_payloads(escalated[1] + escalated[2], escalated_at=now, level=True),
            )

        def escalation_text(level):
            return lambda count: (
                f"Escalation level {level}: "
                + _count_text(count, "still without an official reply", "still without an official reply")
            )

        # Level 1 goes to the reps the threads are routed to, level 2 to every lead.
        _notify_reps_routed(items[1], now=now, text=escalation_text(1))
        if escalated[2]:
            _notify(
                _holders_of("receive_escalations"), escalated[2], now=now, text=escalation_text(2)(len(escalated[2]))
            )
    return escalated


def offer_unclaimed_threads(*, now: datetime) -> list[int]:
    """Queue items nobody has claimed by OFFER_TO_ALL_FRACTION of their lag are offered to
    every rep, not only the owners of their tags: each rep is told once. Overdue threads are
    left out: their overdue notice already went to everyone they are routed to.
    Returns the ids offered now."""
    retime_if_configuration_changed(now=now)
    # The stored offer time (derived.offers_at_expression) finds them by index; the rule's
    # other facts are checked again here, in the UPDATE's own WHERE clause.
    due = ResponseState.objects.filter(
        derived.open_question(),
        ~Exists(QueueClaim.objects.filter(thread_id=OuterRef("pk"))),
        queued=True,
        offered_at=None,
        overdue_at=None,
        offers_at__lte=now,
    )
    if not _any_due(due, "offers_at"):
        return []
    with transaction.atomic():
        _take_turns()
        # Offered once: no offer time is left (derived.offers_at_expression), in the same UPDATE.
        # The longest waiting first; a row written is one still due when it was written.
        waited = update_returning(due, (epoch("waiting_since"), "pk"), offered_at=now, offers_at=None)
        offered = [pk for _since, pk in sorted(waited)]
        if offered:
            pagecache.changed("queue", *pagecache.thread_pages(offered))
            text = _count_text(
                len(offered), "half-way to its lag with nobody on it", "half-way to their lag with nobody on them"
            )
            _notify(_holders_of("work_official_queue"), offered, now=now, text=text + ": any rep can take it")
    return offered


# Ledger rows read again behind the mark: a vote's transaction that took its id before the
# last run but committed after it is still seen.
LEDGER_OVERLAP = 1_000


def refresh_askers_standing() -> int:
    """Copy again the askers' per-tag reputation into the queue's rows of the members whose
    reputation moved since the last run (new ledger rows), where votes changed it
    (responses.waiting.refresh_asker_tag_reputation says why not in the vote). The first run
    looks at every queued row. Writes only rows that changed, and issues no write at all when
    no ledger row is new (an idle site); returns how many rows changed."""
    newest = ReputationEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    mark = StandingCopied.objects.filter(pk=1).values_list("ledger_id", flat=True).first()
    if newest is None or newest == mark:
        return 0
    states = ResponseState.objects.filter(queued=True)
    if mark is not None:
        ledger = ReputationEvent.objects.filter(pk__gt=mark - LEDGER_OVERLAP, pk__lte=newest)
        moved = sorted(set(ledger.values_list("user_id", flat=True)))
        # By the askers' threads (forum_thread's author index), not by a join from every queued row.
        states = states.filter(pk__in=Thread.objects.filter(author_id__one_of=moved).values("pk"))
    with transaction.atomic():
        _take_turns()
        changed = refresh_asker_tag_reputation(states)
        StandingCopied.objects.update_or_create(pk=1, defaults={"ledger_id": newest})
    if changed:
        pagecache.changed("queue")
    return changed


# The key of the advisory lock the engine's jobs take turns by (an arbitrary constant).
JOBS_TAKE_TURNS = 290_029


def _take_turns() -> None:
    """Wait for any other of the engine's jobs to finish: each writes many ResponseState rows
    in one statement, in its own order (by due time, by escalation time), and two of them
    run by two workers at once deadlocked on rows both wrote (issue 29's worst day: mark
    overdue beside escalate). A transaction-scoped advisory lock on PostgreSQL, released at
    commit; web requests never take it (each writes one row of the table). SQLite's
    IMMEDIATE transactions take turns already. Call first in the job's transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [JOBS_TAKE_TURNS])


def _any_due(states, stored_time: str) -> bool:
    """Whether any row is due, read along the stored time's index: a plain exists() let
    PostgreSQL scan the table while its statistics still counted a backlog (120 ms a run)."""
    return bool(states.order_by(stored_time).values_list("pk", flat=True)[:1])


def _notify_reps_routed(items: list[Waiting], *, now: datetime, text) -> None:
    """Tell each rep about the threads among `items` routed to them (their tags, their claims,
    tags nobody looks after, and anything unclaimed past half its lag: routing.routed_to_reps);
    reps who get the same threads share one notice. `text(count)` words it."""
    if not items:
        return
    audiences: dict[tuple[int, ...], list[int]] = {}
    for rep_id, routed in routed_to_reps(items, rep_ids=_holders_of("work_official_queue"), now=now).items():
        if routed:
            audiences.setdefault(tuple(routed), []).append(rep_id)
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
    threads = Thread.objects.filter(pk__one_of=ids).select_related("response_state").with_tags().order_by("pk")
    return [
        events.thread_payload(
            thread, **extra, **({"escalation_level": thread.response_state.escalation_level} if level else {})
        )
        for thread in threads
    ]


def _holders_of(codename: str) -> list[int]:
    return list(holders_of(codename).values_list("pk", flat=True))


NOTICE_THREADS = 10  # threads listed in one notice; the rest are counted
# A notice ranks by priority at most this many of its threads, the first the job found due:
# ranking a backlog of 50,000-100,000 to list ten cost 2-7 s per notice.
NOTICE_RANKS_AT_MOST = 100


def _thread_lines(ids: list[int], *, now: datetime) -> str:
    """One line per thread, most urgent first: title, tags, wait, the asker's influence.
    `ids` come in the order the job found them due (the longest past due first)."""
    threads = list(
        QueueThread.objects.filter(pk__one_of=ids[:NOTICE_RANKS_AT_MOST])
        .with_priority(now=now)
        .select_related("author")
        .with_tags()
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
