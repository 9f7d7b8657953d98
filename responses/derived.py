"""The engine's derived columns, spelled once: `queued` (the official-response queue's rule),
`due_at` (when the current wait breaches the lag), `escalates_at` and `offers_at` (when the
queue item is next escalated, and offered to every rep). The recorder (responses/waiting.py)
and the periodic jobs (responses/jobs.py) store them; the jobs read them by index.

`settle()` recomputes them from the row as it is. `update_settled()` writes a change and
the derived columns in one UPDATE: SQL reads every column as it was before the statement,
so each derived expression is rewritten with the changed columns replaced by their new
values (Django's replace_expressions, which constraint validation uses the same way). The
jobs' backlog of 57,000-100,000 rows was two UPDATEs of each row before (issue 25)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Least

from config.updates import OneRowUpdate, update_returning
from forum.models import Thread
from responses.conf import conf
from responses.expressions import PlusMinutes
from responses.models import QueueClaim, QueueDismissal, ResponseState


def _claimed():
    return Exists(QueueClaim.objects.filter(thread_id=OuterRef("pk")))


def _dismissed():
    return Exists(QueueDismissal.objects.filter(thread_id=OuterRef("pk")))


def queued_rule() -> Q:
    """In the official-response queue, by the engine's own facts: not dismissed, and either no
    official answer yet with a reason to be here (overdue, asked for, escalated, claimed), or
    the customer's follow-up after the official answer. Open and a question: the thread's own
    facts, which the readers add (querysets.awaiting_official)."""
    reason = Q(overdue_at__isnull=False) | Q(official_requested_at__isnull=False) | Q(escalation_level__gt=0)
    waiting = (Q(first_official_at=None) & (reason | Q(_claimed()))) | Q(follow_up_at__isnull=False)
    # Waiting on the customer's detail is waiting on nobody at the company.
    return ~Q(_dismissed()) & Q(detail_requested_at=None) & waiting


def open_question() -> Q:
    """The engine times the thread: a question neither closed nor withdrawn (forum's open()),
    as the recorder stores it (ResponseState.timed). The forum's actions that close, withdraw
    or reopen a thread report it (open_changed), so a closed thread keeps no due time in the
    jobs' indexes."""
    return Q(timed=True)


def open_question_in_forum():
    """The same fact read from the forum's thread row: what the recorder stores as `timed`."""
    return Exists(Thread.objects.open().filter(pk=OuterRef("pk"), kind=Thread.Kind.QUESTION))


def due_at_expression():
    """When the overdue job is due for the thread: the customer's follow-up plus the lag; the
    question's creation plus the lag while nobody has answered; never otherwise."""
    return Case(
        When(~open_question() | Q(detail_requested_at__isnull=False), then=Value(None)),
        When(Q(follow_up_at__isnull=False), then=PlusMinutes(F("follow_up_at"), F("lag_minutes"))),
        When(Q(first_response_at=None), then=PlusMinutes(F("asked_at"), F("lag_minutes"))),
        default=Value(None),
    )


def span_minutes(span: timedelta) -> float:
    return span.total_seconds() / 60


def escalates_at_after(level: int):
    """When a queue item now at `level` reaches the next one: level 1 after
    ESCALATION_LAG_MULTIPLE lags in the queue, level 2 after ESCALATION_LEVEL_2_AFTER, both
    counted from waiting_since (whichever comes first from level 0); never from level 2."""
    level_two = Value(span_minutes(conf.ESCALATION_LEVEL_2_AFTER))
    level_one = F("lag_minutes") * Value(float(conf.ESCALATION_LAG_MULTIPLE))
    after = {0: Least(level_one, level_two), 1: level_two}
    return PlusMinutes(F("waiting_since"), after[level]) if level in after else Value(None)


def escalates_at_expression():
    """When the queue item reaches its next escalation level (responses/jobs.py); never
    outside the queue."""
    in_queue = queued_rule() & open_question() & Q(waiting_since__isnull=False)
    return Case(
        When(~in_queue, then=Value(None)),
        When(Q(escalation_level=0), then=escalates_at_after(0)),
        When(Q(escalation_level=1), then=escalates_at_after(1)),
        default=Value(None),
    )


def offers_at_expression():
    """When the unclaimed queue item is offered to every rep: OFFER_TO_ALL_FRACTION of its lag
    after it entered the queue, unless it was offered already or is overdue (whose notice
    went to everyone it is routed to)."""
    offer = queued_rule() & open_question() & Q(waiting_since__isnull=False, offered_at=None, overdue_at=None)
    return Case(
        When(
            offer & ~Q(_claimed()),
            then=PlusMinutes(F("waiting_since"), F("lag_minutes") * Value(conf.OFFER_TO_ALL_FRACTION)),
        ),
        default=Value(None),
    )


def derived_columns() -> dict:
    """Each derived column's expression, over the row as it is."""
    return {
        "queued": Case(When(queued_rule(), then=Value(True)), default=Value(False), output_field=BooleanField()),
        "due_at": due_at_expression(),
        "escalates_at": escalates_at_expression(),
        "offers_at": offers_at_expression(),
    }


def settle(states: QuerySet[ResponseState]) -> None:
    """Recompute the derived columns from the rows as they are now."""
    states.update(**derived_columns())


_SETTLE_ONE = OneRowUpdate(ResponseState, derived_columns)


def settle_thread(thread_id: int) -> None:
    """settle() for one thread's row, the recorder's after every change, from SQL that Django
    compiles once (config.updates.OneRowUpdate): building, resolving and compiling the derived
    columns' expressions cost 14 ms of every write that touches the engine (an answer: 54 ms;
    docs/performance.md, issue 29). The SQL depends on the settings below and on nothing else;
    tests/responses/test_derived.py holds it to settle()."""
    key = (conf.ESCALATION_LAG_MULTIPLE, conf.ESCALATION_LEVEL_2_AFTER, conf.OFFER_TO_ALL_FRACTION)
    _SETTLE_ONE(thread_id, key=key)


def update_settled(states: QuerySet[ResponseState], returning: tuple[str, ...] = ("pk",), **changes) -> list[tuple]:
    """Write `changes` (column: value or expression over the row as it was) and the derived
    columns as they follow from them, in one UPDATE. Returns `returning` of each row written
    (config/updates.py)."""
    replacements = {F(name): _as_expression(name, value) for name, value in changes.items()}
    derived = {
        name: expression.replace_expressions(replacements)
        for name, expression in derived_columns().items()
        if name not in changes
    }
    return update_returning(states, returning, **changes, **derived)


def _as_expression(name: str, value):
    """The new value as an expression of its column's type: a lookup on it needs one."""
    field = ResponseState._meta.get_field(name)
    if hasattr(value, "resolve_expression"):
        return ExpressionWrapper(value, output_field=field)
    return Value(value, output_field=field)
