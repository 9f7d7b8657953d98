"""Benchmark: the response-time engine's periodic tasks over 1,000,000 threads on PostgreSQL.

    .venv/bin/python -m bench.overdue [--threads 1000000] [--repeats 3] [--baseline] [--no-docs]
        [--database-url postgres://postgres@127.0.0.1:5432/helpcircle_bench_overdue]

Builds a throwaway database (dropped and created again on every run) and fills it in SQL:
one template thread made through the ORM, copied by one INSERT ... SELECT over
generate_series with each copy's timestamps drawn from a hash of its number, then one
INSERT ... SELECT for its one to three tags (of ten, three with lag policies). The mix, per
thousand threads:

    0-299    answered officially; 0-99 of them late (marked overdue first), 290-299 followed
             up by the customer within the last 8 hours (back in the queue, own clock)
    300-699  answered by the community only
    700-799  answered by the community, an official answer asked for within 72 hours;
             700-749 not yet escalated or offered to all, 750-799 already were
    800-899  unanswered, marked overdue 2 hours to 30 days ago; 850-899 not yet escalated
    900-949  unanswered for 15 minutes to 7 days, never marked: the overdue backlog
    950-999  unanswered for under 14 minutes: within every lag

and about 1 in 97 threads locked, 1 in 89 withdrawn, a tenth of the queue claimed and a
fiftieth dismissed. Three reps (two looking after some tags) and a lead receive the notices.

Then times, in the same run, the median of --repeats runs of each task with the marks it set
put back between runs (one UPDATE from a snapshot taken after the fill, then VACUUM), and its
steady state: the run a second later, with nothing new to change. Each task must change the
same threads every time, nothing in its steady state, and issue one UPDATE per lag policy
plus one for the default lag (per branch): otherwise the exit status is 1 (a missed target
is reported, not failed). --baseline also times what "a task per thread" would do for
mark_overdue_threads (load each candidate, work out its lag in Python, save it), over the
first 100,000 threads: it must mark exactly the threads among them that the task marks, and
its time for all of them is estimated from the sample (each save takes milliseconds).

Prints a Markdown table and writes it into docs/performance.md between the markers of its
"Periodic tasks" section, unless --no-docs.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bench import db
from bench.db import recreate_database, setup_django
from bench.docs import write_section

DEFAULT_URL = os.environ.get(
    "BENCH_OVERDUE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_bench_overdue"
)
MARKERS = ("<!-- bench:overdue -->", "<!-- bench:overdue-end -->")
TARGET_SECONDS = 2.0
TAGS = 10
LAG_POLICIES = {0: 30, 1: 15, 2: 240}  # tag number -> lag in minutes; the others take the default
REP_TAGS = {"bench-rep0": [0, 1], "bench-rep1": [2, 3, 4], "bench-rep2": []}  # rep2 looks after no tag: all
# What the tasks write, put back from the snapshot between repeats.
MARK_COLUMNS = ("overdue_at", "waiting_since", "escalation_level", "escalated_at", "offered_at")
SNAPSHOT = "bench_overdue_marks"
BASELINE_SAMPLE = 100_000  # threads the per-thread baseline runs over (--baseline)


@dataclass
class Task:
    name: str
    run: Callable[[datetime], int]  # runs the task at `now`, returns the number of threads it changed
    updates_per_run: int


@dataclass
class Profile:
    updates: int  # UPDATE statements on forum_thread
    update_seconds: float
    seconds: float  # the whole run's


@dataclass
class Result:
    task: Task
    changed: int
    median: float
    steady: float
    profile: Profile

    @property
    def met(self) -> bool:
        return max(self.median, self.steady) < TARGET_SECONDS


# --- Filling ---------------------------------------------------------------------------------


def fill(thread_count: int, *, now: datetime) -> None:
    """Migrate and fill the empty database, all in SQL but the few rows the threads point to."""
    from django.core.management import call_command
    from taggit.models import TaggedItem

    from forum.models import Thread

    call_command("migrate", verbosity=0)
    authors, tag_ids, reps = create_people_and_tags()
    # Compiling the long INSERT's expressions took PostgreSQL's JIT 20 s (running them, 2 s);
    # foreign keys go unchecked, as the rows are made to point at rows that exist.
    for setting in ("jit = off", "session_replication_role = replica", "maintenance_work_mem = '256MB'"):
        execute(f"SET {setting}")
    with without_indexes(Thread), without_indexes(TaggedItem):
        insert_threads(thread_count, now=now, author_ids=authors)
        insert_tagged_items(tag_ids)
    insert_claims_and_dismissals(reps)
    for setting in ("jit", "session_replication_role", "maintenance_work_mem"):
        execute(f"RESET {setting}")  # the tasks run as the server is configured
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
    "first_response_at": "CASE WHEN b < 800 THEN created + response_after END",
    "first_official_at": "CASE WHEN b < 100 THEN created + response_after "
    "WHEN b < 300 THEN created + interval '2 hours' END",
    "overdue_at": "CASE WHEN b < 100 OR b BETWEEN 800 AND 899 THEN created + interval '1 hour' END",
    "waiting_since": "waiting",
    "official_requested_at": "CASE WHEN b BETWEEN 700 AND 799 THEN requested END",
    "follow_up_at": "CASE WHEN b BETWEEN 290 AND 299 THEN follow_up END",
    "escalation_level": LEVEL,
    "escalated_at": f"CASE ({LEVEL}) WHEN 2 THEN waiting + interval '24 hours' "
    "WHEN 1 THEN waiting + interval '4 hours' END",
    "offered_at": "CASE WHEN b BETWEEN 750 AND 799 AND waiting <= %(now)s - interval '30 minutes' "
    "THEN waiting + interval '30 minutes' END",
    "withdrawn_at": "CASE WHEN mod(g, 89) = 0 THEN created END",
}


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


def insert_claims_and_dismissals(rep_ids: list[int]) -> None:
    """A tenth of the queue claimed by a rep, a fiftieth dismissed (never the same thread)."""
    from responses.models import QueueClaim, QueueDismissal

    queue = (
        "FROM forum_thread WHERE waiting_since IS NOT NULL AND (first_official_at IS NULL OR follow_up_at IS NOT NULL)"
    )
    execute(
        f"INSERT INTO {QueueClaim._meta.db_table} (thread_id, claimed_by_id, claimed_at) "
        f"SELECT id, (%(reps)s::int[])[1 + mod(id, %(n)s)], waiting_since {queue} AND mod(id, 10) = 0",
        {"reps": rep_ids, "n": len(rep_ids)},
    )
    execute(
        f"INSERT INTO {QueueDismissal._meta.db_table} (thread_id, dismissed_by_id, reason, dismissed_at) "
        f"SELECT id, %(rep)s, 'Benchmark', waiting_since {queue} AND mod(id, 50) = 5",
        {"rep": rep_ids[0]},
    )


def snapshot_marks() -> None:
    """Keep what the tasks write as the fill left it, so that each repeat starts from there."""
    from forum.models import Thread

    execute(f"CREATE UNLOGGED TABLE {SNAPSHOT} AS SELECT id, {', '.join(MARK_COLUMNS)} FROM {Thread._meta.db_table}")
    execute(f"ALTER TABLE {SNAPSHOT} ADD PRIMARY KEY (id)")
    # Vacuumed by reset_marks() between runs, so autovacuum never runs in the middle of one.
    execute(f"ALTER TABLE {Thread._meta.db_table} SET (autovacuum_enabled = false)")


def reset_marks(now: datetime) -> None:
    """Put back, in one UPDATE, what runs at `now` changed; drop their notifications."""
    from forum.models import Notification, Thread

    assignments = ", ".join(f"{column} = s.{column}" for column in MARK_COLUMNS)
    execute(
        f"UPDATE {Thread._meta.db_table} t SET {assignments} FROM {SNAPSHOT} s WHERE s.id = t.id "
        "AND (t.overdue_at = %(now)s OR t.escalated_at = %(now)s OR t.offered_at = %(now)s)",
        {"now": now},
    )
    execute(f"DELETE FROM {Notification._meta.db_table}")
    execute(f"VACUUM ANALYZE {Thread._meta.db_table}")


def execute(sql: str, params: dict | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Timing ----------------------------------------------------------------------------------


def tasks() -> list[Task]:
    """The three periodic tasks, each with the UPDATEs it should issue: one per lag policy
    plus one for the default lag, per branch."""
    from responses import actions

    portions = len(LAG_POLICIES) + 1
    return [
        Task("mark_overdue_threads", lambda now: len(actions.mark_overdue_threads(now=now)), 2 * portions),
        Task(
            "escalate_overdue_threads",
            lambda now: sum(map(len, actions.escalate_overdue_threads(now=now).values())),
            1 + portions,
        ),
        Task("offer_unclaimed_threads", lambda now: len(actions.offer_unclaimed_threads(now=now)), portions),
    ]


def measure(task: Task, *, now: datetime, repeats: int) -> tuple[Result, list[str]]:
    """Time `repeats` runs from the fill's state, one more with its statements captured, and
    `repeats` steady-state runs a second later. Returns the result and what went wrong."""
    from forum.notifications import notifications_stay_on_site

    later = now + timedelta(seconds=1)
    with notifications_stay_on_site():  # the notices are made; no email is queued
        runs = []
        for _ in range(repeats):
            reset_marks(now)
            runs.append(timed(task.run, now))
        reset_marks(now)
        profile = profiled(task, now)
        steady = [timed(task.run, later) for _ in range(repeats)]
    reset_marks(now)
    counts = [count for count, _ in runs]
    problems = []
    if len(set(counts)) != 1:
        problems.append(f"{task.name} changed different numbers of threads: {counts}")
    if any(count for count, _ in steady):
        problems.append(f"{task.name} changed {[count for count, _ in steady]} threads in its steady state")
    if profile.updates != task.updates_per_run:
        problems.append(f"{task.name} issued {profile.updates} UPDATEs, not {task.updates_per_run}")
    result = Result(
        task,
        changed=counts[0],
        median=statistics.median(seconds for _, seconds in runs),
        steady=statistics.median(seconds for _, seconds in steady),
        profile=profile,
    )
    return result, problems


def timed(run: Callable[[datetime], int], now: datetime) -> tuple[int, float]:
    started = time.perf_counter()
    count = run(now)
    return count, time.perf_counter() - started


def profiled(task: Task, now: datetime) -> Profile:
    """One more run with its statements captured: how many UPDATEs, and their share of the time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _, seconds = timed(task.run, now)
    updates = [query for query in captured.captured_queries if query["sql"].startswith('UPDATE "forum_thread"')]
    return Profile(len(updates), sum(float(query["time"]) for query in updates), seconds)


def per_thread_baseline(now: datetime, *, up_to_id: int) -> set[int]:
    """What a task per thread amounts to: each candidate (among the threads up to `up_to_id`)
    loaded with its tags, its lag worked out in Python, and the ones past it saved one at a
    time. Returns their ids."""
    from forum.models import Thread
    from responses.lags import default_lag
    from responses.models import LagPolicy

    policies = {
        tag_id: timedelta(minutes=lag) for tag_id, lag in LagPolicy.objects.values_list("tag_id", "lag_minutes")
    }
    default = default_lag()
    threads = Thread.objects.filter(pk__lte=up_to_id)
    branches = [
        (threads.awaiting_first_response().filter(overdue_at=None), "created_at"),
        (threads.open().filter(follow_up_at__isnull=False, overdue_at=None), "follow_up_at"),
    ]
    marked = set()
    for candidates, since in branches:
        for thread in candidates.prefetch_related("tags").iterator(chunk_size=2000):
            lag = min((policies.get(tag.pk, default) for tag in thread.tags.all()), default=default)
            if now - getattr(thread, since) >= lag:
                thread.overdue_at = now
                if since == "created_at":
                    thread.waiting_since = thread.created_at
                thread.save(update_fields=["overdue_at", "waiting_since"])
                marked.add(thread.pk)
    return marked


@dataclass
class Baseline:
    threads: int  # the sample it ran over
    marked: int
    seconds: float
    estimate: float  # for every thread the task marks, at the sample's pace


def run_baseline(now: datetime, *, sample: int) -> tuple[Baseline, list[str]]:
    """Time the baseline over the first `sample` threads and check that it marks exactly the
    threads among them that the task marks. A save takes milliseconds, so a million threads'
    worth would take many minutes: the whole is estimated from the sample."""
    from forum.models import Thread
    from forum.notifications import notifications_stay_on_site
    from responses.actions import mark_overdue_threads

    ids = Thread.objects.order_by("pk").values_list("pk", flat=True)
    up_to_id = ids[min(sample, ids.count()) - 1]
    reset_marks(now)
    with notifications_stay_on_site():
        by_task = set(mark_overdue_threads(now=now))
    reset_marks(now)
    started = time.perf_counter()
    by_baseline = per_thread_baseline(now, up_to_id=up_to_id)
    seconds = time.perf_counter() - started
    reset_marks(now)
    in_sample = {pk for pk in by_task if pk <= up_to_id}
    problems = []
    if by_baseline != in_sample:
        problems.append(
            f"the baseline marked {len(by_baseline - in_sample)} threads the task did not, "
            f"the task {len(in_sample - by_baseline)} the baseline did not"
        )
    estimate = seconds * len(by_task) / max(len(by_baseline), 1)
    return Baseline(Thread.objects.filter(pk__lte=up_to_id).count(), len(by_baseline), seconds, estimate), problems


# --- Reporting -------------------------------------------------------------------------------


def render(
    results: list[Result],
    *,
    threads: int,
    repeats: int,
    fill_seconds: float,
    load: tuple[float, float],
    baseline: Baseline | None,
) -> str:
    """The section of docs/performance.md: the setting, the table, where the time goes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    paragraphs = [
        f"Measured {date.today():%Y-%m-%d} by `python -m bench.overdue`, {os.cpu_count()} cores, PostgreSQL "
        f"{version} on the same machine (load average {load[0]:.1f} as the timed runs began, {load[1]:.1f} as they "
        f"ended: other work shares it): {threads:,} threads (filled in SQL in {fill_seconds:.0f} s) with one to "
        "three of ten tags, three of them with lag policies (15, 30 and 240 minutes; 60 by default). Per thousand "
        "threads: 800 answered (300 officially, 10 of those followed up by the customer since), 100 waiting on "
        "an official answer someone asked for, 100 overdue in the queue, 50 unanswered past or near their lag "
        "and never marked (the backlog), 50 asked in the last 14 minutes. Half the queue is not yet escalated "
        f"or offered to all. Each figure is the median of {repeats} runs from that state, notices to three reps "
        "and a lead included; the steady state is the run a second later, with nothing new to change.",
        "\n".join(
            [
                "| task | threads changed | median ms | steady-state ms | target under 2 s met? |",
                "|---|---|---|---|---|",
                *(
                    f"| `{result.task.name}` | {result.changed:,} | {result.median * 1000:,.0f} | "
                    f"{result.steady * 1000:,.0f} | {'yes' if result.met else 'no'} |"
                    for result in results
                ),
            ]
        ),
        "Where the time goes, in one more run of each with its statements timed: "
        + "; ".join(
            f"`{result.task.name}` {result.profile.updates} UPDATEs, {result.profile.update_seconds * 1000:,.0f} ms "
            f"of {result.profile.seconds * 1000:,.0f} ms"
            for result in results
        )
        + ". There is one UPDATE per lag policy and one for the default lag (per branch); the rest of the time "
        "is finding who to tell and writing the notices.",
    ]
    if baseline:
        mark = next(result for result in results if result.task.name == "mark_overdue_threads")
        paragraphs.append(
            f"A task per thread (each candidate loaded with its tags, its lag worked out in Python, saved one at a "
            f"time), run over a sample, the first {baseline.threads:,} threads, marks the same {baseline.marked:,} "
            f"of them as the task, in {baseline.seconds:,.1f} s; at that pace the task's {mark.changed:,} would "
            f"take about {baseline.estimate:,.0f} s (an estimate), {baseline.estimate / mark.median:,.0f} times "
            "the set-based task's time."
        )
    return "\n\n".join(paragraphs)


def write_into_docs(text: str, *, threads: int) -> None:
    write_section(text, markers=MARKERS, heading=f"## Periodic tasks over {threads:,} threads (issue 13)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline", action="store_true", help="also time a task per thread, over a sample")
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/performance.md alone")
    arguments = parser.parse_args(argv)
    seed_databases = {url.rsplit("/", 1)[1] for url in (db.DEFAULT_URL, "postgres:///helpcircle_bench")}
    if arguments.database_url.rsplit("/", 1)[1] in seed_databases:
        raise SystemExit(f"{arguments.database_url} is bench.seed's database; this benchmark drops its own")

    run_started = time.perf_counter()
    recreate_database(arguments.database_url)
    setup_django(arguments.database_url)
    from django.conf import settings
    from django.utils import timezone

    settings.DEBUG = False  # timed as in production: no query log
    now = timezone.now()
    started = time.perf_counter()
    fill(arguments.threads, now=now)
    snapshot_marks()
    fill_seconds = time.perf_counter() - started
    print(f"filled {arguments.threads:,} threads in {fill_seconds:.1f} s", flush=True)

    results, problems = [], []
    load_before = os.getloadavg()[0]
    for task in tasks():
        result, task_problems = measure(task, now=now, repeats=arguments.repeats)
        print(
            f"{task.name}: {result.changed:,} changed, {result.median * 1000:,.0f} ms, "
            f"steady {result.steady * 1000:,.0f} ms",
            flush=True,
        )
        results.append(result)
        problems += task_problems
    baseline = None
    if arguments.baseline:
        baseline, baseline_problems = run_baseline(now, sample=BASELINE_SAMPLE)
        problems += baseline_problems

    text = render(
        results,
        threads=arguments.threads,
        repeats=arguments.repeats,
        fill_seconds=fill_seconds,
        load=(load_before, os.getloadavg()[0]),
        baseline=baseline,
    )
    print(f"\n{text}\n")
    if not arguments.no_docs:
        write_into_docs(text, threads=arguments.threads)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    print(f"total {time.perf_counter() - run_started:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
