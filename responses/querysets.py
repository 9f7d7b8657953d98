"""Reads of the response-time engine, as methods of a QuerySet built on forum's
(`QueueThread.objects.awaiting_official().with_priority(now=now)`, QueueThread being the
engine's proxy of forum.Thread): which threads are in the official-response queue, and in
what order. The engine's facts are the thread's ResponseState (`response_state__...`).

The priority is computed in the database, from parts that each row shows (design,
"Response time", point 4). Every part is its own annotation and the priority is their sum,
so what a rep reads on the row is exactly what ordered it.
"""

from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce, Greatest

from accounts.permissions import carries_verified_badge
from forum.querysets import ThreadManager, ThreadQuerySet
from responses import priority
from responses.conf import conf
from responses.expressions import Float, PlusMinutes, minutes_since, thread_tags
from responses.velocity import recent_interest_at

S = "response_state__"  # the engine's own facts, one join away
# The engine's two rules, on any Thread queryset (the home page's tabs use them: responses/tabs.py).
AWAITING_FIRST_RESPONSE = Q(response_state__first_response_at=None, kind="question")
AWAITING_OFFICIAL = Q(response_state__queued=True, kind="question")
# The parts of the priority, each its own annotation (responses/priority.py says how much each counts).
PRIORITY_PARTS = (
    "waiting",
    "heat_points",
    "velocity",
    "community",
    "relative_influence",
    "absolute_influence",
    "escalation",
)


class ResponseTimeQuerySet(ThreadQuerySet):
    """forum's Thread reads (open(), tagged(), with_author_badge(), ...) and the engine's."""

    def awaiting_first_response(self) -> ResponseTimeQuerySet:
        """Open threads nobody but the asker has answered: they show a waiting clock and
        become overdue past their lag. Thread.is_awaiting_first_response is the twin. Questions
        only: ideas and announcements do not wait for the company's answer."""
        return self.open().filter(AWAITING_FIRST_RESPONSE)

    def awaiting_official(self) -> ResponseTimeQuerySet:
        """The official-response queue: open threads that are overdue, asked for an official
        answer, escalated or claimed by a rep ("I'm on it"), with no official reply yet and not
        dismissed by a rep; or the customer's follow-up after the official answer."""
        # The rule is responses.derived.queued_rule, kept in `queued` by the recorder.
        return self.open().filter(AWAITING_OFFICIAL)

    def with_lag_and_wait(self, *, now: datetime) -> ResponseTimeQuerySet:
        """The thread's lag, and how long it has waited: since it entered the queue
        (waiting_since), or since it was asked while it is not in the queue. The lag is the
        stored one (ResponseState.lag_minutes)."""
        waited = minutes_since(Coalesce(S + "waiting_since", "created_at"), now)
        return self.select_related("response_state").annotate(lag_minutes=F(S + "lag_minutes"), waited_minutes=waited)

    def past_lag(self, *, now: datetime, multiple: float) -> ResponseTimeQuerySet:
        """Threads that have waited in the queue (since waiting_since) `multiple` times their
        stored lag or longer: the escalation and offer jobs' one spelling of the lag."""
        lag = F(S + "lag_minutes") * Value(float(multiple))
        return self.annotate(lag_passed_at=PlusMinutes(F(S + "waiting_since"), lag)).filter(lag_passed_at__lte=now)

    def with_priority(self, *, now: datetime, weights: dict | None = None) -> ResponseTimeQuerySet:
        """Annotate each part of the priority (points, responses/priority.py), the priority
        itself, and what the parts are made of (lag_minutes, waited_minutes, waited_lags,
        relative_reputation, recent_interest_now). `weights`: the leads' heat and velocity
        weights to try instead of the saved ones (the preview on /team/)."""
        totals = F("me_too_count") + Greatest(F("score"), Value(0)) + F("view_count") / Float(100.0)
        threads = self.with_lag_and_wait(now=now).annotate(
            recent_interest_now=recent_interest_at(now, prefix=S),
            relative_reputation=F(S + "asker_tag_reputation"),  # the recorder's copy
            waited_lags=F("waited_minutes") / Greatest(F("lag_minutes"), Value(1)),
        )
        threads = threads.annotate(
            waiting=priority.waiting_points(F("waited_lags")),
            heat_points=priority.heat_points(weights),
            velocity=priority.velocity_points(F("recent_interest_now"), weights),
            community=priority.community_points(totals),
            relative_influence=priority.relative_influence_points(F("relative_reputation")),
            absolute_influence=priority.absolute_influence_points(F("author__reputation")),
            escalation=priority.escalation_points(),
        )
        total = F(PRIORITY_PARTS[0])
        for part in PRIORITY_PARTS[1:]:
            total = total + F(part)
        return threads.annotate(
            priority=total * Float(1.0),
            standing=F("relative_influence") + F("absolute_influence"),  # one line on the row
        )

    def with_offer(self) -> ResponseTimeQuerySet:
        """offered_to_all: nobody has claimed it and it has waited OFFER_TO_ALL_FRACTION of its
        lag, so it is every rep's to take, whatever their tags. After with_lag_and_wait()."""
        offered = Q(queue_claim=None) & Q(waited_minutes__gte=F("lag_minutes") * Value(conf.OFFER_TO_ALL_FRACTION))
        return self.annotate(offered_to_all=Case(When(offered, then=True), default=False, output_field=BooleanField()))

    def routed_to(self, rep) -> ResponseTimeQuerySet:
        """What a rep sees by default and hears about: threads they claimed or were assigned,
        threads in the tags they look after, threads in tags nobody looks after, and
        unclaimed threads offered to all. A rep who looks after no tag gets everything.
        After with_offer()."""
        rep_tags = apps.get_model("responses", "RepTag").objects
        return self.filter(
            Q(queue_claim__claimed_by=rep)
            | Q(Exists(thread_tags().filter(tag_id__in=rep_tags.filter(rep=rep).values("tag_id"))))
            | ~Q(Exists(thread_tags().filter(tag_id__in=rep_tags.values("tag_id"))))
            | Q(offered_to_all=True)
            | ~Q(Exists(rep_tags.filter(rep=rep)))
        )

    def for_queue_page(self) -> ResponseTimeQuerySet:
        """What a queue row shows besides the priority: asker with badge, tags, who claimed
        it, who asked for an official answer, and whether it is spiking (responses/spikes.py)."""
        spike = apps.get_model("responses", "Spike").objects.filter(thread=OuterRef("pk"), ended_at=None)
        return (
            self.with_author_badge()
            .annotate(spiking=Exists(spike))
            .select_related("response_state", "queue_claim__claimed_by", "queue_claim__assigned_by")
            .with_tags()
            .prefetch_related(
                Prefetch(
                    "official_requests",
                    apps.get_model("responses", "OfficialRequest")
                    .objects.select_related("requested_by")
                    .annotate(requester_is_verified=carries_verified_badge("requested_by_id")),
                ),
            )
        )

    def official_queue(
        self,
        *,
        now: datetime,
        tag: str | None = None,
        claimed_by=None,
        routed_to=None,
        hot: bool = False,
        weights: dict | None = None,
    ) -> ResponseTimeQuerySet:
        """The queue page: highest priority first; only what `claimed_by` holds, or only
        what is routed to a rep (routed_to()), when given. `hot`: only threads whose question
        is at least HEAT_HOT negative, the hottest first (then by priority). `weights`: the
        leads' weights to try (with_priority), for the preview on /team/priority/."""
        threads = self.tagged(tag).awaiting_official()
        if claimed_by is not None:
            threads = threads.filter(queue_claim__claimed_by=claimed_by)
        if hot:
            threads = threads.filter(response_state__heat__gte=conf.HEAT_HOT)
        threads = threads.with_priority(now=now, weights=weights).with_offer()
        if routed_to is not None:
            threads = threads.routed_to(routed_to)
        order = ("-priority", "created_at", "pk")
        return threads.order_by(*(("-response_state__heat", *order) if hot else order))

    def head(self, count: int) -> list:
        """The queue's first `count` rows as a row shows them, read in two steps: the ordering
        over every queued row computes the priority and nothing else (ids only), then what a
        row shows (for_queue_page: the asker and badge, the claim, tags, requests) is read for
        those ids alone. In one step it was computed for all of them: 118 ms, against 60 ms,
        at 10,050 queued threads (docs/performance.md, "The official-response queue")."""
        ids = list(self.values_list("pk", flat=True)[:count])
        rows = {row.pk: row for row in self.for_queue_page().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def queue_view(self, show: str, *, rep, now: datetime, tag: str | None = None) -> ResponseTimeQuerySet:
        """One of the queue's views (responses.forms.QUEUE_VIEWS) as `rep` sees it."""
        return self.official_queue(
            now=now,
            tag=tag,
            claimed_by=rep if show == "mine" else None,
            routed_to=rep if show == "for-you" else None,
            hot=show == "hot",
        )

    def due_soon(self, *, now: datetime, tag: str | None = None) -> ResponseTimeQuerySet:
        """Threads nobody has answered, not yet overdue, within the last quarter of their
        lag: answer these now and the lag is never breached."""
        threads = (
            self.tagged(tag)
            .awaiting_first_response()
            .filter(response_state__overdue_at=None, response_state__first_official_at=None)
            .with_lag_and_wait(now=now)
            .filter(
                waited_minutes__gte=F("lag_minutes") * Value(conf.DUE_SOON_FRACTION),
                waited_minutes__lt=F("lag_minutes"),
            )
        )
        return threads.for_queue_page().order_by("created_at", "pk")


class QueueThreadManager(ThreadManager.from_queryset(ResponseTimeQuerySet)):
    """forum's manager (no search vector loaded) with the engine's reads."""
