"""Private cases on the response-time dashboard: how long cases take to resolve.

Computed in Python from the window's resolved cases on both databases: cases are a few per
day, not a few per second, and one path gives the same numbers everywhere."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Min

from cases.models import Case
from config.percentiles import percentile_cont


@dataclass(frozen=True)
class Resolution:
    days: int
    opened: int
    resolved: int
    p50_minutes: float | None
    p90_minutes: float | None


def resolution_figures(*, days: int, now: datetime) -> Resolution:
    """Cases resolved in the last `days` days: median and 90th percentile of the time from
    opening to resolution; and how many were opened in the window."""
    since = now - timedelta(days=days)
    durations = [
        (resolved_at - opened_at).total_seconds() / 60
        for opened_at, resolved_at in Case.objects.filter(resolved_at__gte=since, resolved_at__lte=now).values_list(
            "opened_at", "resolved_at"
        )
    ]
    return Resolution(
        days=days,
        opened=Case.objects.filter(opened_at__gte=since, opened_at__lte=now).count(),
        resolved=len(durations),
        p50_minutes=percentile_cont(durations, 0.5),
        p90_minutes=percentile_cont(durations, 0.9),
    )


def open_cases(*, now: datetime) -> dict:
    """How many cases are open now, and how long the oldest has been."""
    open_now = Case.objects.open()
    oldest = open_now.aggregate(oldest=Min("opened_at"))["oldest"]
    return {"count": open_now.count(), "oldest_minutes": (now - oldest).total_seconds() / 60 if oldest else None}
