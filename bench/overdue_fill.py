"""The overdue benchmark's database: one template thread copied in SQL into the mix that
bench/overdue.py's docstring describes, its tags, each thread's engine state
(responses.ResponseState, with the stored lag, due_at and queued computed as
responses/migrations/0004_i25_response_state.py does), claims and dismissals, and the
snapshot of what the jobs write, put back between repeats."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

TAGS = 10
LAG_POLICIES = {0: 30, 1: 15, 2: 240}  # tag number -> lag in minutes; the others take the default
REP_TAGS = {"bench-rep0": [0, 1], "bench-rep1": [2, 3, 4], "bench-rep2": []}  # rep2 looks after no tag: all
# What the jobs write on responses_responsestate (settle() included), put back between repeats.
MARK_COLUMNS = (
    "overdue_at",
    "waiting_since",
    "escalation_level",
    "escalated_at",
    "offered_at",
    "due_at",
    "queued",
    "escalates_at",
    "offers_at",
)
SNAPSHOT = "bench_overdue_marks"


def fill(thread_count: int, *, now: datetime) -> None:
    """Migrate and fill the empty database, all in SQL but the few rows the threads point to."""
    from django.core.management import call_command
    from taggit.models import TaggedItem

    from forum.models import Thread
    from responses.models import ResponseState
    from responses.waiting import retime_if_configuration_changed

    call_command("migrate", verbosity=0)
    authors, tag_ids, reps = create_people_and_tags()
    # Compiling the long INSERT's expressions took PostgreSQL's JIT 20 s (running them, 2 s);
    # foreign keys go unchecked, as the rows are made to point at rows that exist.
    for setting in ("jit = off", "session_replication_role = replica", "maintenance_work_mem = '256MB'"):
        execute(f"SET {setting}")
    with without_indexes(Thread), without_indexes(TaggedItem), without_indexes(ResponseState):
        insert_threads(thread_count, now=now, author_ids=authors)
        insert_tagged_items(tag_ids)
        insert_states(thread_count, now=now)
    insert_claims_and_dismissals(reps)
    mark_queued_after_claims()
    for setting in ("jit", "session_replication_role", "maintenance_work_mem"):
        execute(f"RESET {setting}")  # the tasks run as the server is configured
    execute("VACUUM ANALYZE")
    # Every waiting thread's times (due_at, escalates_at, offers_at) stored by the engine's own
    # rules, as on a site's first job run after the times were added.
    started = time.perf_counter()
    count = retime_if_configuration_changed(now=now)
    print(f"the engine stored the times of {count:,} waiting threads in {time.perf_counter() - started:.1f} s")
    execute("VACUUM ANALYZE")


@contextmanager
def without_indexes(model) -> Iterator[None]:
    """Drop the table's indexes but those of its constraints, and build them again after:
    building one over a million rows is several times faster than growing it row by row."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexname::regclass)",
            [model._meta.db_table],
        )
        indexes = cursor.fetchall()
    for name, _ in indexes:
        execute(f'DROP INDEX "{name}"')
    yield
    for _, definition in indexes:
        execute(definition)


def create_people_and_tags() -> tuple[list[int], list[int], list[int]]:
    """200 askers, the reps and a lead (in their role groups), the tags and their lag policies.
    Returns the ids of the askers, the tags and the reps."""
    from django.contrib.auth.models import Group
    from taggit.models import Tag

    from accounts.models import User
    from accounts.roles import LEADS, REPS, sync_role_groups
    from responses.models import LagPolicy, RepTag

    if Group.objects.filter(name__in=[REPS, LEADS]).count() != 2:
        sync_role_groups()
    authors = User.objects.bulk_create(User(username=f"bench{n}", email=f"bench{n}@example.com") for n in range(200))
    tags = Tag.objects.bulk_create(Tag(name=f"tag{n}", slug=f"tag{n}") for n in range(TAGS))
    LagPolicy.objects.bulk_create(LagPolicy(tag=tags[n], lag_minutes=lag) for n, lag in LAG_POLICIES.items())
    reps = User.objects.bulk_create(User(username=name, email=f"{name}@example.com") for name in REP_TAGS)
    Group.objects.get(name=REPS).user_set.add(*reps)
    RepTag.objects.bulk_create(
        RepTag(rep=rep, tag=tags[n]) for rep, numbers in zip(reps, REP_TAGS.values(), strict=True) for n in numbers
    )
    lead = User.objects.create(username="bench-lead", email="bench-lead@example.com")
    Group.objects.get(name=LEADS).user_set.add(lead)
    return [user.pk for user in authors], [tag.pk for tag in tags], [rep.pk for rep in reps]


def ago(span: str, share: str, *, least: str = "interval '0'") -> str:
    """SQL for `now` minus `least` plus `share` (0 to 1) of `span`, in whole half-minutes
    and 15 seconds: every threshold the tasks compare with is a whole number of half-minutes
    before `now`, so the run a second later (the steady state) finds nothing new past one."""
    seconds = f"(EXTRACT(EPOCH FROM {least}) + floor({share} * EXTRACT(EPOCH FROM {span}) / 30) * 30 + 15)"
    return f"(%(now)s - {seconds} * interval '1 second')"


def uniform(seed: int) -> str:
    """A number from 0 to 1 drawn from the thread's number `g`: the same every run."""
    return f"((hashint8extended(g, {seed}) & 2147483647) / 2147483648.0)"


# Columns of the copies, by the thread's bucket `b` (0-999, its share of the mix per thousand).
ROWS = f"""
    WITH drawn AS (
        SELECT g, mod(hashint8extended(g, 1) & 2147483647, 1000) AS b, {uniform(2)} AS u, {uniform(3)} AS v
        FROM generate_series(1, %(count)s) g
    ), created AS (
        SELECT *, CASE
            WHEN b < 800 THEN {ago("interval '364 days'", "u", least="interval '1 day'")}
            WHEN b < 900 THEN {ago("interval '30 days'", "u", least="interval '2 hours'")}
            WHEN b < 950 THEN {ago("interval '7 days'", "u", least="interval '15 minutes'")}
            ELSE {ago("interval '14 minutes'", "u")}
        END AS created
        FROM drawn
    ), dated AS (
        SELECT *,
            {ago("least(%(now)s - created - interval '1 hour', interval '72 hours')", "v")} AS requested,
            {ago("interval '8 hours'", "v")} AS follow_up,
            CASE WHEN b < 100 THEN interval '3 hours' ELSE interval '10 minutes' END AS response_after
        FROM created
    ), rows AS (
        SELECT *, CASE
            WHEN b < 100 OR b BETWEEN 800 AND 899 THEN created
            WHEN b BETWEEN 290 AND 299 THEN follow_up
            WHEN b BETWEEN 700 AND 799 THEN requested
        END AS waiting
        FROM dated
    )
"""
# Escalated and offered as far as their wait goes, roughly (four default lags, half of one).
UP_TO_DATE = "(b BETWEEN 750 AND 799 OR b BETWEEN 800 AND 849)"
LEVEL = f"""CASE WHEN NOT {UP_TO_DATE} THEN 0
    WHEN waiting <= %(now)s - interval '24 hours' THEN 2 WHEN waiting <= %(now)s - interval '4 hours' THEN 1
    ELSE 0 END"""
OVERRIDES = {
    "title": "'Benchmark thread ' || g",
    "slug": "'benchmark-thread-' || g",
    "author_id": "(%(authors)s::int[])[1 + mod(g, 200)]",
    "status": "CASE WHEN mod(g, 97) = 0 THEN 'locked' WHEN b < 800 THEN 'answered' ELSE 'open' END",
    "answer_count": "CASE WHEN b < 800 THEN 1 + mod(g, 3) ELSE 0 END",
    "created_at": "created",
    "last_activity_at": "COALESCE(CASE WHEN b BETWEEN 290 AND 299 THEN follow_up END, "
    "CASE WHEN b < 800 THEN created + response_after END, created)",
    "withdrawn_at": "CASE WHEN mod(g, 89) = 0 THEN created END",
}
# The engine's columns (responses_responsestate), every one: a field added later must be added here.
STATE = {
    "first_response_at": "CASE WHEN b < 800 THEN created + response_after END",
    "first_official_at": "CASE WHEN b < 100 THEN created + response_after "
    "WHEN b < 300 THEN created + interval '2 hours' END",
    "overdue_at": "CASE WHEN b < 100 OR b BETWEEN 800 AND 899 THEN created + interval '1 hour' END",
    "escalation_level": LEVEL,
    "escalated_at": f"CASE ({LEVEL}) WHEN 2 THEN waiting + interval '24 hours' "
    "WHEN 1 THEN waiting + interval '4 hours' END",
    "official_requested_at": "CASE WHEN b BETWEEN 700 AND 799 THEN requested END",
    "waiting_since": "waiting",
    "follow_up_at": "CASE WHEN b BETWEEN 290 AND 299 THEN follow_up END",
    "offered_at": "CASE WHEN b BETWEEN 750 AND 799 AND waiting <= %(now)s - interval '30 minutes' "
    "THEN waiting + interval '30 minutes' END",
    "recent_interest": "0",
    "interest_at": "NULL::timestamptz",
    "heat": "0",
    "detail_requested_at": "NULL::timestamptz",  # no seeded thread waits on a detail a rep asked for
}
# The derived columns, from the ones above, as the migration computes them (its _store_lags,
# _store_due_at, _mark_queued); claims and dismissals are added after (mark_queued_after_claims).
DERIVED = {
    "lag_minutes": "lag",
    "due_at": "CASE WHEN overdue_at IS NULL AND (follow_up_at IS NOT NULL "
    "OR (first_response_at IS NULL AND kind = 'question')) "
    "THEN COALESCE(follow_up_at, created) + lag * interval '1 minute' END",
    "queued": "(first_official_at IS NULL AND (overdue_at IS NOT NULL OR official_requested_at IS NOT NULL "
    "OR escalation_level > 0)) OR follow_up_at IS NOT NULL",
    # Stored by the engine itself after the fill (fill(): retime_if_configuration_changed).
    "escalates_at": "NULL::timestamptz",
    "offers_at": "NULL::timestamptz",
    # The recorder's copies of the thread's own facts (thread_created, open_changed).
    "asked_at": "created",
    "timed": "kind = 'question' AND status NOT IN ('locked', 'duplicate') AND withdrawn_at IS NULL",
    "asker_tag_reputation": "0",  # the fill earns no reputation in any tag
}
# The migration's queue rule (responses.derived.queued_rule), claims and dismissals included.
QUEUED_RULE = (
    "NOT EXISTS (SELECT 1 FROM responses_queuedismissal d WHERE d.thread_id = s.thread_id) "
    "AND ((first_official_at IS NULL AND (overdue_at IS NOT NULL OR official_requested_at IS NOT NULL "
    "OR escalation_level > 0 OR EXISTS (SELECT 1 FROM responses_queueclaim c WHERE c.thread_id = s.thread_id))) "
    "OR follow_up_at IS NOT NULL)"
)


def insert_threads(count: int, *, now: datetime, author_ids: list[int]) -> None:
    """Copy one template thread `count` times in one statement. The columns come from the
    model, so a field added later is copied from the template (its default)."""
    from forum.models import Thread

    template = Thread.objects.create(title="Template", slug="template", author_id=author_ids[0])
    fields = [field for field in Thread._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    unknown = set(OVERRIDES) - set(columns)
    assert not unknown, f"forum_thread has no column {unknown}: update OVERRIDES"
    values = ", ".join(OVERRIDES.get(column, f't."{column}"') for column in columns)
    quoted = ", ".join(f'"{column}"' for column in columns)
    execute(
        f"{ROWS} INSERT INTO {Thread._meta.db_table} ({quoted}) "
        f"SELECT {values} FROM {Thread._meta.db_table} t, rows WHERE t.id = %(template)s",
        {"count": count, "now": now, "authors": author_ids, "template": template.pk},
    )
    Thread.objects.filter(pk=template.pk).delete()


def insert_tagged_items(tag_ids: list[int]) -> None:
    """One to three distinct tags per thread (steps of 3 through ten tags never repeat)."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    from forum.models import Thread

    field = TaggedItem._meta.get_field
    execute(
        f"INSERT INTO {TaggedItem._meta.db_table} "
        f"({field('object_id').column}, {field('content_type').column}, {field('tag').column}) "
        "SELECT t.id, %(type)s, (%(tags)s::int[])[1 + mod(mod(hashint8extended(t.id, 4) & 2147483647, %(n)s) "
        "+ 3 * j, %(n)s)] "
        f"FROM {Thread._meta.db_table} t, "
        "generate_series(0, mod(hashint8extended(t.id, 5) & 2147483647, 3)) j",
        {"type": ContentType.objects.get_for_model(Thread).pk, "tags": tag_ids, "n": len(tag_ids)},
    )


def insert_states(count: int, *, now: datetime) -> None:
    """Each thread's engine state in one statement: the mix's columns drawn again from the
    thread's number (found by its slug), its stored lag (the shortest among its tags, the
    default for a tag without a policy), due_at and queued as the migration fills them."""
    from django.contrib.contenttypes.models import ContentType

    from forum.models import Thread
    from responses.lags import default_lag
    from responses.models import ResponseState

    columns = [field.column for field in ResponseState._meta.concrete_fields if not field.primary_key]
    missing = set(columns) ^ (set(STATE) | set(DERIVED))
    assert not missing, f"responses_responsestate's columns and STATE/DERIVED differ: {missing}"
    drawn = ", ".join(f"{STATE[column]} AS {column}" for column in STATE)
    values = ", ".join(DERIVED.get(column, column) for column in columns)
    execute(
        f"""{ROWS}, lags AS (
            SELECT i.object_id AS thread_id, MIN(COALESCE(p.lag_minutes, %(default)s)) AS lag
            FROM taggit_taggeditem i LEFT JOIN responses_lagpolicy p ON p.tag_id = i.tag_id
            WHERE i.content_type_id = %(type)s GROUP BY i.object_id
        ), states AS (
            SELECT t.id AS thread_id, t.kind, t.status, t.withdrawn_at, created,
                COALESCE(lags.lag, %(default)s) AS lag, {drawn}
            FROM rows JOIN {Thread._meta.db_table} t ON t.slug = 'benchmark-thread-' || rows.g
            LEFT JOIN lags ON lags.thread_id = t.id
        )
        INSERT INTO {ResponseState._meta.db_table} (thread_id, {", ".join(columns)})
        SELECT thread_id, {values} FROM states""",
        {
            "count": count,
            "now": now,
            "default": int(default_lag().total_seconds() // 60),
            "type": ContentType.objects.get_for_model(Thread).pk,
        },
    )


def insert_claims_and_dismissals(rep_ids: list[int]) -> None:
    """A tenth of the queue claimed by a rep, a fiftieth dismissed (never the same thread)."""
    from responses.models import QueueClaim, QueueDismissal

    queue = (
        "FROM responses_responsestate "
        "WHERE waiting_since IS NOT NULL AND (first_official_at IS NULL OR follow_up_at IS NOT NULL)"
    )
    execute(
        f"INSERT INTO {QueueClaim._meta.db_table} (thread_id, claimed_by_id, claimed_at) "
        f"SELECT thread_id, (%(reps)s::int[])[1 + mod(thread_id, %(n)s)], waiting_since {queue} "
        "AND mod(thread_id, 10) = 0",
        {"reps": rep_ids, "n": len(rep_ids)},
    )
    execute(
        f"INSERT INTO {QueueDismissal._meta.db_table} (thread_id, dismissed_by_id, reason, dismissed_at) "
        f"SELECT thread_id, %(rep)s, 'Benchmark', waiting_since {queue} AND mod(thread_id, 50) = 5",
        {"rep": rep_ids[0]},
    )


def mark_queued_after_claims() -> None:
    """`queued` again, by the whole rule, for the threads claimed or dismissed."""
    execute(
        f"UPDATE responses_responsestate s SET queued = ({QUEUED_RULE}) WHERE "
        "s.thread_id IN (SELECT thread_id FROM responses_queueclaim "
        "UNION SELECT thread_id FROM responses_queuedismissal)"
    )


def snapshot_marks() -> None:
    """Keep what the jobs write as the fill left it, so that each repeat starts from there."""
    execute(
        f"CREATE UNLOGGED TABLE {SNAPSHOT} AS SELECT thread_id, {', '.join(MARK_COLUMNS)} FROM responses_responsestate"
    )
    execute(f"ALTER TABLE {SNAPSHOT} ADD PRIMARY KEY (thread_id)")
    # Vacuumed by reset_marks() between runs, so autovacuum never runs in the middle of one.
    execute("ALTER TABLE responses_responsestate SET (autovacuum_enabled = false)")


def reset_marks(now: datetime) -> None:
    """Put back, in one UPDATE, what runs at `now` changed; drop their notifications."""
    from forum.models import Notification

    assignments = ", ".join(f"{column} = s.{column}" for column in MARK_COLUMNS)
    execute(
        f"UPDATE responses_responsestate t SET {assignments} FROM {SNAPSHOT} s WHERE s.thread_id = t.thread_id "
        "AND (t.overdue_at = %(now)s OR t.escalated_at = %(now)s OR t.offered_at = %(now)s)",
        {"now": now},
    )
    execute(f"DELETE FROM {Notification._meta.db_table}")
    execute("VACUUM ANALYZE responses_responsestate")


def execute(sql: str, params: dict | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
