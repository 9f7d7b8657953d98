"""Response-time figures for the dashboard: medians and 90th percentiles of time to first
response and to first official response, the share answered within the lag, the queue.

Percentiles are computed by the database on PostgreSQL (percentile_cont); on SQLite the
same continuous percentile is computed here in Python from the same rows, so both give
the same numbers.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Case, CharField, Count, F, Min, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate

from cases import stats as case_stats
from config.percentiles import PercentileCont, percentile_cont
from forum.models import Thread
from responses import spikes
from responses.chart import bar_chart
from responses.conf import conf
from responses.expressions import SecondsBetween, minutes_since
from responses.models import QueueThread

WINDOWS = (7, 30)
ALL_TAGS = ""  # the group key for "every tag"


@dataclass
class Figures:
    """One row of the dashboard: a window and a tag (or all tags). Times in minutes."""

    threads: int = 0
    first_response_p50: float | None = None
    first_response_p90: float | None = None
    first_official_p50: float | None = None
    first_official_p90: float | None = None
    due: int = 0  # threads whose lag has passed or that were answered
    within_lag: int = 0

    @property
    def share_within_lag(self) -> float | None:
        return self.within_lag / self.due if self.due else None


@dataclass
class Window:
    days: int
    overall: Figures
    per_tag: dict[str, Figures] = field(default_factory=dict)
    # (band's label, its figures) for every band of FAIRNESS_BANDS, smallest voices first.
    per_band: list[tuple[str, Figures]] = field(default_factory=list)


def _seconds_to(field_name: str):
    return SecondsBetween(F("created_at"), F(field_name))


def percentiles_by_group(
    threads: QuerySet[Thread], *, field_name: str, group: str | None, fractions=(0.5, 0.9)
) -> dict:
    """{group value: [percentile for each fraction]} of minutes from asking to `field_name`."""
    threads = threads.filter(**{f"{field_name}__isnull": False}).annotate(minutes=_seconds_to(field_name) / 60.0)
    keys = [group] if group else []
    if connection.vendor == "postgresql":
        aggregates = {f"p{index}": PercentileCont(F("minutes"), fraction=f) for index, f in enumerate(fractions)}
        if group:
            rows = threads.values(group).annotate(**aggregates).order_by()
            return {row[group]: [row[f"p{i}"] for i in range(len(fractions))] for row in rows}
        row = threads.aggregate(**aggregates)
        return {ALL_TAGS: [row[f"p{i}"] for i in range(len(fractions))]} if row["p0"] is not None else {}
    samples: dict = defaultdict(list)
    for row in threads.values(*keys, "minutes"):
        samples[row[group] if group else ALL_TAGS].append(row["minutes"])
    return {key: [percentile_cont(values, f) for f in fractions] for key, values in samples.items()}


def _counts_by_group(threads: QuerySet[Thread], *, now: datetime, group: str | None) -> dict:
    threads = threads.annotate(
        lag_minutes=F("response_state__lag_minutes"),
        waited_minutes=minutes_since("created_at", now),
        response_minutes=_seconds_to("response_state__first_response_at") / 60.0,
    )
    due = Q(response_state__first_response_at__isnull=False) | Q(waited_minutes__gte=F("lag_minutes"))
    within = Q(response_state__first_response_at__isnull=False, response_minutes__lte=F("lag_minutes"))
    aggregates = {"threads": Count("pk"), "due": Count("pk", filter=due), "within": Count("pk", filter=within)}
    if group:
        return {row[group]: row for row in threads.values(group).annotate(**aggregates).order_by()}
    return {ALL_TAGS: threads.aggregate(**aggregates)}


def asker_band():
    """Which FAIRNESS_BANDS band the asker's reputation falls in, as its key."""
    bands = sorted(conf.FAIRNESS_BANDS, key=lambda band: band[2], reverse=True)
    return Case(
        *(When(author__reputation__gte=floor, then=Value(key)) for key, _, floor in bands[:-1]),
        default=Value(bands[-1][0]),
        output_field=CharField(),
    )


def _figures_by_group(threads: QuerySet[Thread], *, now: datetime, group: str | None) -> dict[str, Figures]:
    by_key: dict[str, Figures] = defaultdict(Figures)
    for key, row in _counts_by_group(threads, now=now, group=group).items():
        figures = by_key[key]
        figures.threads, figures.due, figures.within_lag = row["threads"], row["due"], row["within"]
    for name in ("first_response", "first_official"):
        for key, (p50, p90) in percentiles_by_group(
            threads, field_name=f"response_state__{name}_at", group=group
        ).items():
            setattr(by_key[key], f"{name}_p50", p50)
            setattr(by_key[key], f"{name}_p90", p90)
    return by_key


def window_figures(*, days: int, now: datetime) -> Window:
    threads = Thread.objects.filter(created_at__gte=now - timedelta(days=days))
    overall = _figures_by_group(threads, now=now, group=None).get(ALL_TAGS, Figures())
    per_tag = _figures_by_group(threads.filter(tags__isnull=False), now=now, group="tags__name")
    # Fairness: are small voices answered as fast as big ones? By the asker's reputation now.
    per_band = _figures_by_group(threads.annotate(band=asker_band()), now=now, group="band")
    bands = sorted(conf.FAIRNESS_BANDS, key=lambda band: band[2])
    return Window(
        days=days,
        overall=overall,
        per_tag=dict(sorted(per_tag.items())),
        per_band=[(label, per_band.get(key, Figures())) for key, label, _ in bands],
    )


def daily_first_response(*, days: int, now: datetime) -> list[tuple[date, float | None, int]]:
    """(day, median minutes to first response, threads asked that day) for the chart."""
    start = (now - timedelta(days=days - 1)).date()
    threads = Thread.objects.filter(created_at__date__gte=start).annotate(day=TruncDate("created_at"))
    medians = {
        day: values[0]
        for day, values in percentiles_by_group(
            threads, field_name="response_state__first_response_at", group="day", fractions=(0.5,)
        ).items()
    }
    counts = dict(threads.values("day").annotate(n=Count("pk")).order_by().values_list("day", "n"))
    return [
        (
            start + timedelta(days=offset),
            medians.get(start + timedelta(days=offset)),
            counts.get(start + timedelta(days=offset), 0),
        )
        for offset in range(days)
    ]


def queue_state(*, now: datetime) -> dict:
    queue = QueueThread.objects.awaiting_official()
    oldest = queue.aggregate(oldest=Min("response_state__waiting_since"))["oldest"]
    # A rep asked for a detail: the customer's turn, out of the queue until they reply.
    asked = Thread.objects.open().filter(response_state__detail_requested_at__isnull=False).count()
    return {
        "size": queue.count(),
        "oldest_minutes": (now - oldest).total_seconds() / 60 if oldest else None,
        "waiting_on_customer": asked,
    }


def dashboard(*, now: datetime) -> dict:
    daily = daily_first_response(days=30, now=now)
    return {
        "windows": [window_figures(days=days, now=now) for days in WINDOWS],
        "queue": queue_state(now=now),
        "chart": bar_chart(daily),
        "daily": daily,
        "now": now,
        "regulars_from": conf.FAIRNESS_BANDS[1][2],
        "top_from": conf.FAIRNESS_BANDS[2][2],
        "cases": [case_stats.resolution_figures(days=days, now=now) for days in WINDOWS],
        "cases_open": case_stats.open_cases(now=now),
        "spikes": spikes.recent_spikes(now=now),
    }
