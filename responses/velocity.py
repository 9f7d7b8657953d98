"""Velocity: the community part of the queue's priority counts what is happening now.

Each thread keeps one decaying number, `recent_interest` as of `interest_at`: a "me too" or
an up-vote on the question adds 1, a counted view 0.01 (the units of the all-time totals),
and the number halves every INTEREST_HALF_LIFE. It is brought forward to the moment of each
new event in the same UPDATE that adds to it, and to "now" by the priority, so no periodic
job is needed and a burst of interest fades by itself.

The community part is then weight x log10(1 + totals + RECENT_INTEREST_WEIGHT x recent): a
thread that gathered 20 "me too"s this morning scores as if it had 100, one that gathered
them months ago as 20.
"""

from datetime import datetime

from django.db.models import DateTimeField, F, FloatField, Value
from django.db.models.functions import Coalesce, Greatest, Power

from responses.conf import conf
from responses.expressions import Float, SecondsBetween

ME_TOO = 1.0
UPVOTE = 1.0
VIEW = 0.01


def recent_interest_at(now: datetime, *, prefix: str = ""):
    """The thread's recent interest decayed to `now` (0 for a thread nobody showed interest in).
    `prefix`: where the columns are from the query's model ("response_state__" from a thread)."""
    elapsed = Greatest(
        SecondsBetween(
            Coalesce(f"{prefix}interest_at", Value(now, output_field=DateTimeField())),
            Value(now, output_field=DateTimeField()),
        ),
        Float(0.0),
    )
    half_lives = elapsed / Float(conf.INTEREST_HALF_LIFE.total_seconds())
    return F(f"{prefix}recent_interest") * Power(Float(0.5), half_lives, output_field=FloatField())


def add_interest(states, amount: float, *, now: datetime) -> int:
    """Add `amount` to the recent interest of `states` (a ResponseState queryset), in one
    UPDATE: the old value is decayed to `now` first, from the same row, so concurrent events
    add up."""
    return states.update(recent_interest=recent_interest_at(now) + Value(amount), interest_at=now)
