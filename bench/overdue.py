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

Then times, in the same run, the median of --repeats runs of each job (responses/jobs.py)
with the marks it set put back between runs (one UPDATE from a snapshot of the engine's
state taken after the fill, then VACUUM), and its steady state: the run a second later,
with nothing new to change. Each job must change the same threads every time and nothing in
its steady state, and keep what responses/jobs.py promises of its writes: a fixed number of
set-based UPDATEs of responses_responsestate by the stored times' indexes, whatever the
number of threads or lag policies (mark_overdue_threads 1: both clocks, first question or
follow-up, and what follows from them, responses/derived.py's update_settled;
escalate_overdue_threads 2: one per level, which moves the next escalation time on;
offer_unclaimed_threads 1), none of forum_thread, and no UPDATE at all in the steady state
(a run with nothing due writes nothing). Otherwise the exit status is 1
(a missed target is reported, not failed).
Before issue 25 the check was one UPDATE per lag policy plus one for the default lag: the
jobs computed the lag in SQL per policy; now it is stored (ResponseState.lag_minutes,
due_at). --baseline also times what "a task per thread" would do for
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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bench import db
from bench.db import recreate_database, setup_django
from bench.overdue_fill import fill, reset_marks, snapshot_marks
from bench.overdue_report import render, write_into_docs

DEFAULT_URL = os.environ.get(
    "BENCH_OVERDUE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_bench_overdue"
)
TARGET_SECONDS = 2.0
BASELINE_SAMPLE = 100_000  # threads the per-thread baseline runs over (--baseline)


@dataclass
class Task:
    name: str
    run: Callable[[datetime], int]  # runs the task at `now`, returns the number of threads it changed
    updates_per_run: int  # UPDATEs of responses_responsestate when there is something to do


@dataclass
class Profile:
    updates: int  # UPDATE statements on responses_responsestate
    update_seconds: float
    seconds: float  # the whole run's
    thread_updates: int  # UPDATEs of forum_thread: none expected (the engine's state has its own table)


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


# --- Timing ----------------------------------------------------------------------------------


def tasks() -> list[Task]:
    """The three periodic jobs, each with the UPDATEs responses/jobs.py issues when something is
    due: a fixed number, whatever the number of threads or lag policies."""
    from responses import jobs

    return [
        # One for both clocks (the question's, the follow-up's) and what follows from them.
        Task("mark_overdue_threads", lambda now: len(jobs.mark_overdue_threads(now=now)), 1),
        # One per level.
        Task(
            "escalate_overdue_threads",
            lambda now: sum(map(len, jobs.escalate_overdue_threads(now=now).values())),
            2,
        ),
        Task("offer_unclaimed_threads", lambda now: len(jobs.offer_unclaimed_threads(now=now)), 1),
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
        steady_profile = profiled(task, later)
        steady = [timed(task.run, later) for _ in range(repeats)]
    reset_marks(now)
    counts = [count for count, _ in runs]
    problems = []
    if len(set(counts)) != 1:
        problems.append(f"{task.name} changed different numbers of threads: {counts}")
    if any(count for count, _ in steady):
        problems.append(f"{task.name} changed {[count for count, _ in steady]} threads in its steady state")
    if profile.updates != task.updates_per_run:
        problems.append(
            f"{task.name} issued {profile.updates} UPDATEs of responses_responsestate, not {task.updates_per_run}"
        )
    if profile.thread_updates:
        problems.append(f"{task.name} issued {profile.thread_updates} UPDATEs of forum_thread")
    if steady_profile.updates or steady_profile.thread_updates:
        problems.append(
            f"{task.name} issued {steady_profile.updates + steady_profile.thread_updates} UPDATEs in its steady state"
        )
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
    updates = [query for query in captured.captured_queries if query["sql"].startswith("UPDATE ")]
    states = [query for query in updates if query["sql"].startswith('UPDATE "responses_responsestate"')]
    threads = [query for query in updates if query["sql"].startswith('UPDATE "forum_thread"')]
    return Profile(len(states), sum(float(query["time"]) for query in states), seconds, len(threads))


def per_thread_baseline(now: datetime, *, up_to_id: int) -> set[int]:
    """What a task per thread amounts to: each candidate (among the threads up to `up_to_id`)
    loaded with its state and tags, its lag worked out in Python, and the ones past it saved
    one at a time. Returns their ids."""
    from responses.lags import default_lag
    from responses.models import LagPolicy, QueueThread

    policies = {
        tag_id: timedelta(minutes=lag) for tag_id, lag in LagPolicy.objects.values_list("tag_id", "lag_minutes")
    }
    default = default_lag()
    threads = QueueThread.objects.filter(pk__lte=up_to_id, response_state__overdue_at=None)
    branches = [
        (threads.awaiting_first_response().filter(response_state__follow_up_at=None), None),
        (threads.open().filter(kind="question", response_state__follow_up_at__isnull=False), "follow_up_at"),
    ]
    marked = set()
    for candidates, since in branches:
        candidates = candidates.select_related("response_state").prefetch_related("tags")
        for thread in candidates.iterator(chunk_size=2000):
            lag = min((policies.get(tag.pk, default) for tag in thread.tags.all()), default=default)
            state = thread.response_state
            if now - (getattr(state, since) if since else thread.created_at) >= lag:
                state.overdue_at = now
                if since is None:
                    state.waiting_since = thread.created_at
                state.save(update_fields=["overdue_at", "waiting_since"])
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
    from responses.jobs import mark_overdue_threads

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
