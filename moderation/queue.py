"""Reads for the official-response queue: which threads are in it, and in what order.

The priority is computed in the database, from parts that each row shows (design,
"Response time", point 4). Every part is its own annotation and the priority is their sum,
so what a rep reads on the row is exactly what ordered it.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest

from forum.models import Thread
from forum.querysets import staff_flag
from moderation.expressions import effective_lag_minutes, log10_1p, minutes_since, relative_reputation
from moderation.models import QueueDismissal

PARTS = ("waiting", "relative_influence", "absolute_influence", "community", "escalation")


def awaiting_official(threads: QuerySet[Thread] | None = None) -> QuerySet[Thread]:
    """Threads in the queue: open (a closed thread takes no answer, official or not),
    flagged unanswered, asked for an official answer, or escalated, with no official reply
    yet and not dismissed by a rep."""
    threads = Thread.objects.all() if threads is None else threads
    return (
        threads.open()
        .filter(
            Q(flagged_unanswered_at__isnull=False) | Q(official_requested_at__isnull=False) | Q(escalation_level__gt=0),
            first_official_at=None,
        )
        .exclude(Exists(QueueDismissal.objects.filter(thread=OuterRef("pk"))))
    )


def with_lag_and_wait(threads: QuerySet[Thread], *, now: datetime) -> QuerySet[Thread]:
    """The thread's lag, and how long it has waited: since it entered the queue
    (Thread.waiting_since), or since it was asked while it is not in the queue."""
    waited = minutes_since(Coalesce("waiting_since", "created_at"), now)
    return threads.annotate(lag_minutes=effective_lag_minutes(), waited_minutes=waited)


def with_priority(threads: QuerySet[Thread], *, now: datetime) -> QuerySet[Thread]:
    """Annotate each part of the priority (points), the priority itself, and what the parts
    are made of (lag_minutes, waited_minutes, relative_reputation)."""
    weights = settings.QUEUE_PRIORITY_WEIGHTS
    interest = F("me_too_count") + Greatest(F("score"), Value(0)) + F("view_count") / Value(100.0)
    threads = with_lag_and_wait(threads, now=now).annotate(
        relative_reputation=relative_reputation(),
        waiting=Value(float(weights["waiting"])) * F("waited_minutes") / F("lag_minutes"),
        relative_influence=Value(float(weights["relative_influence"])) * log10_1p(F("relative_reputation")),
        absolute_influence=Value(float(weights["absolute_influence"])) * log10_1p(F("author__reputation")),
        community=Value(float(weights["community"])) * log10_1p(interest),
        escalation=Value(float(weights["escalation"])) * F("escalation_level"),
    )
    total = F(PARTS[0])
    for part in PARTS[1:]:
        total = total + F(part)
    return threads.annotate(priority=total * Value(1.0, output_field=FloatField()))


def for_queue_page(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """What a queue row shows besides the priority: asker, tags, who claimed it."""
    return (
        threads.select_related("author", "queue_claim__claimed_by")
        .prefetch_related("tags", "official_requests__requested_by")
        .annotate(author_is_staff=staff_flag("author_id"))
    )


def official_queue(*, now: datetime, tag: str | None = None, claimed_by=None) -> QuerySet[Thread]:
    threads = awaiting_official(Thread.objects.tagged(tag))
    if claimed_by is not None:
        threads = threads.filter(queue_claim__claimed_by=claimed_by)
    return for_queue_page(with_priority(threads, now=now)).order_by("-priority", "created_at", "pk")


def due_soon(*, now: datetime, tag: str | None = None) -> QuerySet[Thread]:
    """Threads nobody has answered, not yet flagged, within the last quarter of their lag:
    answer these now and the lag is never breached."""
    threads = with_lag_and_wait(
        Thread.objects.tagged(tag).filter(first_response_at=None, flagged_unanswered_at=None, first_official_at=None),
        now=now,
    ).open()
    threads = threads.filter(
        waited_minutes__gte=F("lag_minutes") * Value(settings.DUE_SOON_FRACTION),
        waited_minutes__lt=F("lag_minutes"),
    )
    return for_queue_page(threads).order_by("created_at", "pk")
