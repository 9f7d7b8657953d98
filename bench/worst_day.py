"""Benchmark: issue 29's worst day, reads and writes mixed through gunicorn, with beat and two
Celery workers running.

    .venv/bin/python -m bench.worst_day [--seconds 300] [--connections 200] [--threads 2]
        [--think-ms 1000] [--workers 4] [--beat-seconds 60]
        [--template URL of a database bench/seed.py filled, default helpcircle_bench]
        [--database-url URL of the run's copy] [--redis-url URL] [--no-docs]

On a fresh copy of a seeded forum (100,000 threads, 1,000,000 posts by default): gunicorn with
4 sync workers (bench.settings: production settings over plain HTTP; RATE_LIMITS=0, since every
client comes from 127.0.0.1), and beat and two Celery workers as their own processes on the
same database and Redis (bench/services.py's, on the wall clock; beat every --beat-seconds,
production's 60 by default). Four sync workers on 2 cores: part of each request waits for
PostgreSQL and Redis, so two a core keep both cores busy while one waits; more (gunicorn's
2 x cores + 1 counts the cores as the web's alone) would only switch between requests on cores
that PostgreSQL, Redis, the Celery workers and wrk share. Sync, not gthread: a request's Python
holds the GIL, so threads would add no CPU, and what they would save (a connection kept open
between requests) is small next to a page's rendering. bench/concurrency.py runs 4 sync too.

wrk (bench/worst_day.lua) runs --connections clients for --seconds, each pausing --think-ms on
average before each request (a person reading; 0 for none: then the clients only queue for the
4 workers, and their p99 is the queue's length over the rate). One request in ten is a write
(bench/worst_day_requests.py: answer, reply, vote, me too, flag, accept, official reply, claim,
open a case, a moderator's hide, in turn, each a different one, each on threads of its own),
nine are pages (home, the threads with 5 and 50 answers, /tags/wifi/ and /search/?q=router as
a visitor and as a member, the rep's queue, the moderators' reports queue); a member's, rep's
or moderator's request carries their own session cookie, and a write their CSRF token. A wrk
thread whose writes run out sends only pages.

Afterwards: each page must have answered 200 and each write 302 (gunicorn's access log, which
records each request's label), no socket error or timeout, no task error in the workers' logs,
and every write answered 302 must have its row (rows added per write, each counted on its own
threads, equal to its 302s). p99 under 250 ms is reported as met or missed. Then the write
whose p99 in the server was the worst is profiled in process (bench/worst_day_profile.py) into
docs/i29/slowest-write-profile.txt, and the table goes into docs/performance.md between its
markers, with what failed, if anything (a worst day that fails is a finding); --no-docs prints
both instead.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from bench import seed
from bench.db import DEFAULT_URL as SEEDED_URL
from bench.docs import DOCS, write_section
from bench.pages import ACCEPT_LANGUAGE, USER_AGENT, server_environment
from bench.server import serve, stop
from bench.services import Processes, clock_env
from bench.worst_day_report import Run, read_access_log, read_wrk, slowest_write, table
from bench.writes_http import prepare

SCRIPT = Path(__file__).with_suffix(".lua")
DEFAULT_URL = os.environ.get(
    "BENCH_WORST_DAY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_bench_worst_day"
)
REDIS_URL = os.environ.get("BENCH_WORST_DAY_REDIS_URL", "redis://127.0.0.1:6379/14")
MARKERS = ("<!-- bench:worst-day -->", "<!-- bench:worst-day-end -->")
HEADING = "## A worst day: reads and writes mixed (issue 29)"
PROFILE = DOCS / "i29" / "slowest-write-profile.txt"
WRITE_EVERY = 10  # one request in ten is a write
RESERVED = 12  # each write's last prepared requests, kept back from the load for the profile
READ_ROUNDS = 100  # each page's lines, each with the next browser of its viewer
ACCESS_LOG_FORMAT = "%({x-bench-label}i)s %(s)s %(D)s"  # label, status, microseconds
READY = {"worker": " ready.", "beat": "beat: Starting"}  # what each logs once it consumes or sends
STARTED = time.monotonic()


def progress(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:4.0f} s] {text}", flush=True)


def start_services(environment: dict, work: Path, *, beat_seconds: int) -> Processes:
    """Two workers and beat as their own processes, on the run's database, Redis and queue."""
    (work / "mail").mkdir()
    env = {
        **environment,
        **clock_env(time.time(), 1.0),  # bench/services.py's clock, at the wall clock's pace
        "RESPONSE_CHECK_SECONDS": str(beat_seconds),
        "SCALE_OUT_MAIL": str(work / "mail"),
        "SCALE_OUT_BEAT_SCHEDULE": str(work / "celerybeat-schedule"),
        "PYTHONUNBUFFERED": "1",
    }
    processes = Processes(env=env, logs=work)
    for role, name in (("worker", "worker1"), ("worker", "worker2"), ("beat", "beat")):
        processes.start(role, name)
    return processes


def wait_until_ready(processes: Processes, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    waiting = dict.fromkeys(processes.running)
    while waiting:
        for name in list(waiting):
            if processes.running[name].poll() is not None:
                raise RuntimeError(f"{name} exited:\n{processes.log(name)[-2000:]}")
            if READY["beat" if name == "beat" else "worker"] in processes.log(name):
                del waiting[name]
        if time.monotonic() > deadline:
            raise RuntimeError(f"{', '.join(waiting)} not ready within {timeout:.0f} s")
        time.sleep(0.2)  # waiting for processes to start, not synchronising a test


def tasks_run(logs: dict[str, str]) -> dict[str, int]:
    """Tasks each worker ran, from its log (`-l INFO` logs each task's success)."""
    return {name: log.count(" succeeded in ") for name, log in logs.items() if name != "beat"}


def task_errors(logs: dict[str, str]) -> list[str]:
    return [line for log in logs.values() for line in log.splitlines() if "ERROR/" in line or "CRITICAL/" in line]


def queue_length(redis_url: str, queue: str) -> int:
    import redis

    return redis.Redis.from_url(redis_url).llen(queue)


def forget_queue(redis_url: str, queue: str) -> None:
    """The run's queue, its messages and kombu's bindings of it, gone from Redis. kombu's own
    queue_delete deletes on Redis only what its channel declared, so bench/services.py's
    delete_queue, from a fresh connection, leaves them all. The name is the run's own."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)


def drain(redis_url: str, queue: str, seconds: float = 30) -> int:
    """Give the workers up to `seconds` to empty the run's queue; what is left in it."""
    deadline = time.monotonic() + seconds
    while (left := queue_length(redis_url, queue)) and time.monotonic() < deadline:
        time.sleep(0.2)  # polling the broker for the workers' progress
    return left


def check_and_warm(port: int, reads, planned: dict, *, workers: int) -> None:
    """Each page answers 200 to its viewer, and each write's first request 302 with one row
    added, before the load: a benchmark of error pages proves nothing. Then each page once a
    worker, as many at once as there are workers, so that most workers have rendered each
    before the clock starts (which worker takes a request is the kernel's choice)."""
    from bench.server import request

    pages = list({read.label: read for read in reads}.values())
    for read in pages:
        status, _html, _headers = request(port, "GET", read.path, cookie=read.cookie)
        if status != 200:
            raise SystemExit(f"{read.label} ({read.path}) answered {status}")
    for write, (first, _timed, _kept) in planned.values():
        before = write.rows()
        status = first.send(port)
        if status != 302 or write.rows() != before + 1:
            raise SystemExit(f"{write.name}: answered {status} and added {write.rows() - before} rows (302 and 1)")
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda read: request(port, "GET", read.path, cookie=read.cookie), pages * workers))


def run_wrk(port: int, lines: list[str], arguments: argparse.Namespace) -> str:
    with tempfile.NamedTemporaryFile("w", prefix="worst-day-", suffix=".requests") as file:
        file.write("".join(f"{line}\n" for line in lines))
        file.flush()
        command = [
            *("wrk", f"-t{arguments.threads}", f"-c{arguments.connections}", f"-d{arguments.seconds}s"),
            *("--timeout", "10s", "--latency", "-H", f"User-Agent: {USER_AGENT}"),
            *("-H", f"Accept-Language: {ACCEPT_LANGUAGE}", "-s", str(SCRIPT), f"http://127.0.0.1:{port}", "--"),
            *(file.name, str(arguments.threads), str(WRITE_EVERY), str(arguments.think_ms)),
        ]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def plan(writes, count: int) -> dict:
    """{slug: (write, (its first request, those for the load, those kept for the profile))}
    for the writes that could prepare two requests or more."""
    from bench.worst_day_requests import slug, split

    planned = {}
    for write in writes:
        requests = write.plan(count + 1 + RESERVED)
        if len(requests) < 2:
            print(f"  {write.name}: only {len(requests)} requests could be prepared; left out", flush=True)
            continue
        planned[slug(write.name)] = (write, split(requests, RESERVED))
    return planned


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--connections", type=int, default=200, help="wrk's: the clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk's")
    parser.add_argument("--think-ms", type=int, default=1000, help="each client's mean pause before a request")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn's sync workers")
    parser.add_argument("--beat-seconds", type=int, default=60, help="how often beat sends the engine's tasks")
    parser.add_argument("--template", default=SEEDED_URL, help="a database bench/seed.py filled")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="the run's copy, made afresh")
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/ alone")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (Debian's package), or run `make bench`.")
    if not seed.database_is_seeded(arguments.template):
        raise SystemExit(f"{arguments.template} is not seeded: `python -m bench.seed --database-url ...` first.")
    queue = f"worst-day-{os.getpid()}"  # the run's own: the broker's Redis is shared
    environment = {
        **server_environment(arguments.database_url, "bench.settings"),
        "REDIS_URL": arguments.redis_url,
        "CELERY_BROKER_URL": arguments.redis_url,
        "CELERY_QUEUE": queue,
        "RATE_LIMITS": "0",  # every client comes from 127.0.0.1: a load test, not of the per-member limits
    }
    load_before = os.getloadavg()[0]  # what else the machine was doing
    progress(f"Copying {arguments.template}, collecting the static files...")
    prepare(arguments, environment)
    work = Path(tempfile.mkdtemp(prefix="worst-day-"))
    processes = start_services(environment, work, beat_seconds=arguments.beat_seconds)
    try:
        run, profile = load(arguments, environment, processes, work, queue)
    finally:
        processes.stop_all()
        forget_queue(arguments.redis_url, queue)
        logs = {name: processes.log(name) for name in ("worker1", "worker2", "beat")}
        shutil.rmtree(work, ignore_errors=True)
    run.tasks, run.task_errors = tasks_run(logs), task_errors(logs)
    problems = run.check()
    text = summary(arguments, run, argv, load_before=load_before)
    if problems:  # a worst day that fails is a finding: its table goes into the docs all the same
        text += "\n\nFailed: " + "; ".join(problems)
    print(f"\n{text}\n")
    if arguments.no_docs:
        print(profile)
    else:
        PROFILE.parent.mkdir(exist_ok=True)
        PROFILE.write_text(profile)
        write_section(text, markers=MARKERS, heading=HEADING)
    return 1 if problems else 0


def load(arguments, environment: dict, processes: Processes, work: Path, queue: str) -> tuple[Run, str]:
    """The run itself, once the database is copied and the services started: the pages' and
    writes' requests, wrk, the counts, and the slowest write's profile."""
    from django.urls import reverse

    from bench import worst_day_requests as mix
    from bench.worst_day_profile import profile_write
    from bench.writes_http_requests import Browsers, cast, writes
    from forum.models import Post, Thread

    progress("Starting gunicorn, beat and two workers; sessions and CSRF tokens for the members...")
    people = cast()
    forum = {"threads": Thread.objects.count(), "posts": Post.objects.count()}
    page_list = mix.pages(
        five=Thread.objects.get(title__startswith="Bench: five answers").get_absolute_url(),
        fifty=Thread.objects.get(title__startswith="Bench: fifty answers").get_absolute_url(),
        reports=reverse("moderation:reports"),
    )
    access_log = work / "access.log"
    logged = ["--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT]
    served_by = {**environment, "GUNICORN_CMD_ARGS": shlex.join(logged)}  # which gunicorn splits as a shell would
    process, port = serve(environment=served_by, workers=arguments.workers, settings_module="bench.settings")
    try:
        browsers = Browsers(port, reverse("forum:ask"))  # the cheapest page with a form
        all_writes = writes(people, browsers, apart=True)[1:]  # the baseline aside
        count = mix.per_write(
            seconds=arguments.seconds,
            connections=arguments.connections,
            think_ms=arguments.think_ms,
            every=WRITE_EVERY,
            kinds=len(all_writes),
        )
        progress(f"Preparing up to {count:,} requests of each write...")
        planned = plan(all_writes, count)
        viewers = {
            mix.MEMBER: list(browsers.of(people.members).values()),
            mix.REP: list(browsers.of(people.reps).values()),
            mix.MODERATOR: list(browsers.of([people.moderator]).values()),
        }
        reads = mix.reads(page_list, viewers, rounds=READ_ROUNDS)
        progress("Checking each page and write once, warming the workers...")
        check_and_warm(port, reads, planned, workers=arguments.workers)
        timed = {slug: requests for slug, (_write, (_first, requests, _kept)) in planned.items()}
        kept = {slug: requests for slug, (_write, (_first, _timed, requests)) in planned.items()}
        before = {write.name: write.rows() for write, _requests in planned.values()}
        wait_until_ready(processes)
        progress(
            f"{arguments.connections} clients for {arguments.seconds} s (think {arguments.think_ms} ms), "
            f"{sum(map(len, timed.values())):,} writes prepared..."
        )
        lines = [read.line() for read in reads] + mix.write_lines(timed)
        wrk = read_wrk(run_wrk(port, lines, arguments))
    finally:
        stop(process)  # graceful: the requests under way finish, and their access log lines are written
    served = read_access_log(access_log.read_text())
    added = {write.name: write.rows() - before[write.name] for write, _requests in planned.values()}
    slugs = {slug: write.name for slug, (write, _requests) in planned.items()}
    slowest = slowest_write(served)
    profile = "No write was profiled: none was answered, or none had requests kept back for it.\n"
    if slowest and len(kept[slowest]) >= 2:
        entry = served[("write", slowest)]
        progress(f"Profiling {slugs[slowest]} ({len(kept[slowest]) - 1} requests) in process...")
        try:
            text, each_ms = profile_write(kept[slowest])
        except RuntimeError as refused:  # reported with the profile; the load's own checks stand
            profile = f"{slugs[slowest]} could not be profiled: {refused}\n"
        else:
            profile = profile_header(arguments, slugs[slowest], entry, forum, each_ms, len(kept[slowest]) - 1) + text
    progress("Waiting for the workers to empty the queue...")
    left = drain(arguments.redis_url, queue)
    return Run(wrk, served, added, slugs, queue_left=left, forum=forum), profile


def profile_header(arguments, name: str, entry, forum: dict, each_ms: float, profiled: int) -> str:
    return (
        f"The slowest write of issue 29's worst day (python -m bench.worst_day, {date.today():%Y-%m-%d}): "
        f"{name}, p99 {entry.percentile(0.99):.1f} ms and p50 {entry.percentile(0.5):.1f} ms in the server over "
        f"{entry.count:,} requests during the load ({arguments.connections} clients, think "
        f"{arguments.think_ms} ms, {arguments.seconds} s, on a copy of a {forum['threads']:,}-thread forum).\n"
        f"Profiled afterwards in process with pyinstrument (wall clock, a sample every 0.5 ms): {profiled} "
        "requests, each a different write prepared before the load and kept from it, through Django's whole "
        f"handler, middleware, session and CSRF check with bench.settings; {each_ms:.1f} ms a request under "
        "the profiler. The load is over by then: this is where the write's own time goes, not the waits for "
        "a core, a worker or a lock that the load added to its p99.\n\n"
    )


def summary(arguments, run: Run, argv: list[str] | None, *, load_before: float) -> str:
    command = " ".join(["python -m bench.worst_day", *(argv if argv is not None else sys.argv[1:])])
    profile = PROFILE.relative_to(DOCS)
    return (
        f"Measured {date.today():%Y-%m-%d} by `{command}`, {os.cpu_count()} cores, load average "
        f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after; a fresh copy of a "
        f"{run.forum['threads']:,}-thread forum ({run.forum['posts']:,} posts); gunicorn with {arguments.workers} sync "
        "workers (production settings over plain HTTP, RATE_LIMITS=0), beat (every "
        f"{arguments.beat_seconds} s) and two Celery workers on Redis, PostgreSQL and Redis on the same "
        f"machine; wrk -t{arguments.threads} -c{arguments.connections} for {arguments.seconds} s, each client "
        f"pausing {arguments.think_ms} ms on average before each request, one request in {WRITE_EVERY} a write "
        "while the writes last, every write a different one. Latency is wrk's (from the request sent to its "
        "answer, any wait for a worker included); the times in the server are gunicorn's. The slowest write's "
        f"profile: [docs/{profile}](./{profile}).\n\n{table(run)}"
    )


if __name__ == "__main__":
    sys.exit(main())
