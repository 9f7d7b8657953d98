"""Database expressions for the response-time engine, each with a PostgreSQL and an SQLite
form that give the same numbers.

forum's models are looked up in the app registry when an expression is built: responses/models.py
imports responses/querysets.py, which uses these, so they load before the models do."""

from datetime import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, F, FloatField, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Log
from taggit.models import TaggedItem


class SecondsBetween(Func):
    """Seconds from `start` to `end` (two timestamp expressions), as a float."""

    output_field = FloatField()

    def __init__(self, start, end):
        super().__init__(start, end)

    def _compiled(self, compiler):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return start, end, (*end_params, *start_params)

    def as_postgresql(self, compiler, connection, **extra):
        start, end, params = self._compiled(compiler)
        # date_part() is double precision already; EXTRACT() computes a numeric (PostgreSQL 14
        # and later) and was a third of the queue's ordering, 6 a row (docs/performance.md).
        return f"date_part('epoch', {end} - {start})", params

    def as_sqlite(self, compiler, connection, **extra):
        start, end, params = self._compiled(compiler)
        # julianday() reads Django's stored text timestamps; a day has 86,400 seconds.
        return f"((julianday({end}) - julianday({start})) * 86400.0)", params


class PlusMinutes(Func):
    """`moment` (a timestamp expression) plus `minutes` (a number expression) later, to the
    microsecond: a comparison with it is exact where one in float minutes is not."""

    output_field = DateTimeField()

    def as_postgresql(self, compiler, connection, **extra):
        moment, moment_params = compiler.compile(self.source_expressions[0])
        minutes, minutes_params = compiler.compile(self.source_expressions[1])
        return f"({moment} + make_interval(secs => ({minutes}) * 60.0))", (*moment_params, *minutes_params)

    def as_sqlite(self, compiler, connection, **extra):
        moment, moment_params = compiler.compile(self.source_expressions[0])
        minutes, minutes_params = compiler.compile(self.source_expressions[1])
        # Django's own datetime arithmetic on SQLite (its registered function, in microseconds).
        sql = f"django_format_dtdelta('+', {moment}, CAST(ROUND(({minutes}) * 60000000) AS INTEGER))"
        return sql, (*moment_params, *minutes_params)


def minutes_since(start, now: datetime):
    """Minutes from `start` (a field name or a timestamp expression) to `now`."""
    start = F(start) if isinstance(start, str) else start
    return SecondsBetween(start, Value(now, output_field=DateTimeField())) / Float(60.0)


def thread_content_type_id() -> int:
    return ContentType.objects.get_for_model(apps.get_model("forum", "Thread")).pk  # cached by Django


def thread_tags() -> TaggedItem:
    """The tag rows of the thread at OuterRef("pk")."""
    return TaggedItem.objects.filter(content_type_id=thread_content_type_id(), object_id=OuterRef("pk"))


def effective_lag_minutes():
    """The thread's lag: the shortest among its tags, a tag without a policy counting as
    the default lag (and a thread without tags getting the default)."""
    from responses.lags import default_lag_minutes_expression  # models load after this module

    default = default_lag_minutes_expression()
    per_tag = (
        thread_tags()
        .annotate(tag_lag=Coalesce("tag__lag_policy__lag_minutes", default))
        .order_by("tag_lag")
        .values("tag_lag")[:1]
    )
    return Coalesce(Subquery(per_tag, output_field=IntegerField()), default)


def relative_reputation():
    """The asker's reputation in the thread's tags: the best of their per-tag totals.

    The best tag rather than the sum, so that an answer on a thread carrying three of the
    tags is not counted three times."""
    tag_ids = TaggedItem.objects.filter(
        content_type_id=thread_content_type_id(), object_id=OuterRef(OuterRef("pk"))
    ).values("tag_id")
    best = (
        apps.get_model("forum", "TagReputation")
        .objects.filter(user_id=OuterRef("author_id"), tag_id__in=tag_ids)
        .order_by("-reputation")
        .values("reputation")[:1]
    )
    return Greatest(Coalesce(Subquery(best, output_field=IntegerField()), Value(0)), Value(0))


class Float(Value):
    """A float constant that PostgreSQL reads as one. psycopg writes 1.0 as a bare literal,
    which PostgreSQL types numeric, and an integer column plus a numeric is computed in
    numeric: 10 ms of the queue's ordering at 10,000 rows (docs/performance.md). The cast of
    a constant is folded when the query is planned."""

    def __init__(self, value):
        super().__init__(float(value), output_field=FloatField())

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self.as_sql(compiler, connection, **extra)
        return f"({sql})::double precision", params


class Log10(Func):
    """log10(x) as a float. Django's Log(10, x) casts both to numeric(1000, 15) on
    PostgreSQL, whose logarithm at that precision cost the queue 1 s over 10,000 rows; there
    the double-precision log() (base 10) gives the same number at float speed."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(Log(Value(10.0), self.source_expressions[0], output_field=FloatField()))

    def as_postgresql(self, compiler, connection, **extra):
        value, params = compiler.compile(self.source_expressions[0])
        return f"LOG(({value})::double precision)", params


def log10_1p(expression):
    """log10(1 + x) as a float on both databases."""
    return Log10(Float(1.0) + expression)
