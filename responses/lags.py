"""The default lag: a lead's choice (EngineSettings) when there is one, else the
deployment's setting (UNANSWERED_LAG). Per-tag lags are LagPolicy rows."""

from datetime import timedelta

from django.db.models import IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

from responses.conf import conf
from responses.models import EngineSettings, LagPolicy


def configured_default_lag_minutes() -> int:
    return int(conf.UNANSWERED_LAG.total_seconds() // 60)


def default_lag() -> timedelta:
    """One query; for code that works in Python (the overdue task builds one UPDATE per lag)."""
    minutes = EngineSettings.objects.filter(pk=1).values_list("default_lag_minutes", flat=True).first()
    return timedelta(minutes=minutes or configured_default_lag_minutes())


def default_lag_minutes_expression():
    """The default lag in minutes as an expression, so that pages reading lags add no query."""
    stored = EngineSettings.objects.filter(pk=1).values("default_lag_minutes")[:1]
    return Coalesce(Subquery(stored, output_field=IntegerField()), Value(configured_default_lag_minutes()))


def set_default_lag(minutes: int) -> None:
    EngineSettings.objects.update_or_create(pk=1, defaults={"default_lag_minutes": minutes})


def lag_minutes_of_tags(tag_ids: list[int]) -> int:
    """A thread's lag from its tags, in Python (two small reads): the shortest among them, a
    tag without a policy counting as the default, no tags the default. The recorder's spelling
    for a new thread; responses.expressions.effective_lag_minutes is the same rule in SQL
    (tests/responses/test_thread_created.py holds the two together)."""
    default = int(default_lag().total_seconds() // 60)
    policies = dict(LagPolicy.objects.filter(tag_id__in=tag_ids).values_list("tag_id", "lag_minutes"))
    return min((policies.get(tag_id, default) for tag_id in tag_ids), default=default)
