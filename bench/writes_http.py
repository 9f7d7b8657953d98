"""Benchmark: each write through gunicorn, against one row inserted behind the same stack
(issue 29).

    .venv/bin/python -m bench.writes_http [--seconds 10] [--workers 2] [--threads 2] [--connections 4]
        [--template URL of a database bench/seed.py filled, default helpcircle_bench]
        [--database-url URL of the run's copy] [--redis-url URL] [--no-docs]

The project runs under gunicorn (2 sync workers, production settings over plain HTTP,
PostgreSQL, Redis as cache and broker; RATE_LIMITS=0, since every client comes from
127.0.0.1) on a fresh copy of a seeded database: the writes change it. wrk (bench/writes_http.lua)
sends each write's prepared requests (bench/writes_http_requests.py), each a different write
with a member's real session cookie and the CSRF cookie and token a GET gave them: answering,
replying, voting, me-too, flagging, accepting, an official reply, claiming, opening a case and
a moderator's hide. The baseline is one row inserted in a transaction by a view behind the
same middleware, session and CSRF check (/bench/insert/, bench/urls.py). Two connections a
worker: each worker always has the next request waiting, so the rate is the workers' own, and
p99 is a write's with about one request ahead of it, not a crowd's queue.

Before a write is timed, one request of it must answer 302 and add one row, and a few more
warm the workers. After it, every answer must have been a 302 (any other status fails the
run) and the rows added must match the requests answered: none was a no-op. The rate is
requests answered over the time from the first request to the last answer; a write whose
prepared requests run out (a small database) stops early rather than repeat one. Issue 29's
target: each write at 0.25x of the baseline's rate or better, p99 under 100 ms. The table
goes into docs/performance.md between its markers unless --no-docs.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench import seed
from bench.db import DEFAULT_URL as SEEDED_URL
from bench.db import setup_django
from bench.docs import finish
from bench.pages import ACCEPT_LANGUAGE, USER_AGENT, server_environment
from bench.server import serve, stop
from bench.services import copy_database

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_suffix(".lua")
DEFAULT_URL = os.environ.get(
    "BENCH_WRITES_HTTP_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_bench_writes_http"
)
REDIS_URL = os.environ.get("BENCH_WRITES_HTTP_REDIS_URL", "redis://127.0.0.1:6379/11")
MARKERS = ("<!-- bench:writes-http -->", "<!-- bench:writes-http-end -->")
TARGET_SHARE, TARGET_P99_MS = 0.25, 100.0
REDIRECT = 302  # what every write, and the baseline, answers a form's POST with
WARM_UP = 8  # requests of each write sent before it is timed: both workers through its code once or more
BASELINE_CEILING = 3_000  # requests a second the baseline is prepared for: well above what 2 cores serve
# Requests prepared for a write, as a multiple of the baseline's rate times the seconds: no
# write does less than the baseline's one INSERT, so it cannot run out unless its database does.
PREPARED = 1.25


class Problem(Exception):
    """A write that answered or changed the database as it should not: reported, not timed."""


@dataclass
class Result:
    name: str
    rate: float
    p50_ms: float
    p99_ms: float
    answered: int
    seconds: float  # from the first request to the last answer
    ran_out: bool


def run_wrk(port: int, requests: list, *, seconds: int, threads: int, connections: int) -> dict[str, float]:
    """wrk over the prepared requests; the figures bench/writes_http.lua prints, and wrk's own
    count of answers that were not 2xx or 3xx."""
    with tempfile.NamedTemporaryFile("w", prefix="writes-http-", suffix=".requests") as lines:
        lines.write("".join(f"{request.line()}\n" for request in requests))
        lines.flush()
        headers = ["-H", f"User-Agent: {USER_AGENT}", "-H", f"Accept-Language: {ACCEPT_LANGUAGE}"]
        command = [
            *("wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"),
            *headers,
            *("-s", str(SCRIPT), f"http://127.0.0.1:{port}", "--", lines.name, str(threads), str(REDIRECT)),
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    summary = re.search(r"^writes_http (.*)$", output, re.MULTILINE)
    if not summary:
        raise Problem(f"wrk printed no summary:\n{output}")
    figures = {name: float(value) for name, value in (pair.split("=") for pair in summary.group(1).split())}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    figures["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    return figures


def measure(write, port: int, *, count: int, seconds: int, threads: int, connections: int) -> Result:
    requests = write.plan(count + 1 + WARM_UP)
    if len(requests) < 1 + WARM_UP + connections:
        raise Problem(f"only {len(requests)} distinct requests could be prepared")
    before = write.rows()
    status = requests[0].send(port)
    if status != REDIRECT or write.rows() != before + 1:
        raise Problem(f"one request answered {status} and added {write.rows() - before} rows (expected 302 and 1)")
    with ThreadPoolExecutor(max_workers=connections) as pool:
        statuses = set(pool.map(lambda request: request.send(port), requests[1 : 1 + WARM_UP]))
    if statuses != {REDIRECT}:
        raise Problem(f"the warm-up requests answered {sorted(statuses)}")
    timed = requests[1 + WARM_UP :]
    before = write.rows()
    figures = run_wrk(port, timed, seconds=seconds, threads=threads, connections=connections)
    answered, sent = int(figures["answered"]), int(figures["sent"])
    added = rows_added(write, before, sent)
    if figures["unexpected"] or figures["non_2xx"] or figures["socket_errors"]:
        raise Problem(
            f"{int(figures['unexpected'])} answers not 302 (one was {int(figures['odd_status'])}), "
            f"{figures['non_2xx']} not 2xx/3xx, {int(figures['socket_errors'])} socket errors"
        )
    if not answered <= added <= sent:
        raise Problem(f"{answered} requests answered ({sent} sent) but {added} rows added: some changed nothing")
    window = figures["window"]
    return Result(
        write.name,
        answered / window if window else 0.0,
        figures["p50"],
        figures["p99"],
        answered,
        window,
        ran_out=bool(figures["ran_out"]),
    )


def rows_added(write, before: int, sent: int) -> int:
    """The rows the timed requests added, once the requests still in flight when wrk stopped
    at its duration (sent, never answered) are done: the workers finish what they had read."""
    deadline = time.monotonic() + 5
    while (added := write.rows() - before) < sent and time.monotonic() < deadline:
        time.sleep(0.05)  # polling the database for the workers' last commits
    return added


def say(result: Result, baseline: Result) -> None:
    print(
        f"  {result.name}: {result.rate:,.0f} req/s ({result.rate / baseline.rate:.3f} of the baseline), "
        f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, {result.answered:,} requests"
        + (f" (ran out after {result.seconds:.1f} s)" if result.ran_out else ""),
        flush=True,
    )


def table(baseline: Result, results: list[Result]) -> str:
    lines = [
        f"| write | req/s | share of the baseline's (target {TARGET_SHARE}) | p50 ms | p99 ms "
        f"(target under {TARGET_P99_MS:.0f}) | requests |",
        "|---|---|---|---|---|---|",
    ]
    for result in [baseline, *results]:
        share = result.rate / baseline.rate
        verdict = "" if result is baseline else (" met" if share >= TARGET_SHARE else " **missed**")
        slow = "" if result.p99_ms < TARGET_P99_MS else " **over**"
        ran_out = f" (ran out after {result.seconds:.1f} s)" if result.ran_out else ""
        lines.append(
            f"| {result.name} | {result.rate:,.0f} | {share:.3f}{verdict} | {result.p50_ms:.1f} "
            f"| {result.p99_ms:.1f}{slow} | {result.answered:,}{ran_out} |"
        )
    return "\n".join(lines)


def summary(arguments, baseline: Result, results: list[Result], *, threads_seeded: int, load_before: float) -> str:
    from django.db import connection

    server_version = connection.cursor().connection.info.parameter_status("server_version")
    return (
        f"Measured {date.today():%Y-%m-%d} by `python -m bench.writes_http`, {os.cpu_count()} cores, PostgreSQL "
        f"{server_version} and Redis on the same machine (load average {load_before:.1f} before the run, "
        f"{os.getloadavg()[0]:.1f} at its end): gunicorn with {arguments.workers} sync workers, production settings "
        f"over plain HTTP (RATE_LIMITS=0), wrk -t{arguments.threads} -c{arguments.connections} for "
        f"{arguments.seconds} s per write on a fresh copy of a {threads_seeded:,}-thread forum; every request a "
        "different write, with its member's session cookie and CSRF token. Baseline: one row inserted in a "
        "transaction by a view behind the same middleware, session and CSRF check. Target (issue 29): each write "
        f"at {TARGET_SHARE} of the baseline's rate or better, p99 under {TARGET_P99_MS:.0f} ms.\n\n"
        f"{table(baseline, results)}"
    )


def prepare(arguments: argparse.Namespace, environment: dict) -> None:
    """A fresh copy of the template, an empty cache (the run's own Redis database) and the
    static files production settings serve; this process on the servers' settings, so that the
    sessions made here (signed with their SECRET_KEY) log the clients in."""
    os.environ.update(environment)
    copy_database(arguments.template, arguments.database_url)
    setup_django(arguments.database_url, "bench.settings", migrate=True)
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="of wrk per write")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's sync workers")
    parser.add_argument("--threads", type=int, default=2, help="wrk's")
    parser.add_argument(
        "--connections", type=int, help="wrk's; by default two a worker: each busy, one request waiting, no crowd"
    )
    parser.add_argument("--template", default=SEEDED_URL, help="a database bench/seed.py filled")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="the run's copy, made afresh")
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/performance.md alone")
    arguments = parser.parse_args(argv)
    arguments.connections = arguments.connections or 2 * arguments.workers
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (Debian's package), or run `make bench`.")
    if not seed.database_is_seeded(arguments.template):
        raise SystemExit(f"{arguments.template} is not seeded: `python -m bench.seed --database-url ...` first.")

    environment = {
        **server_environment(arguments.database_url, "bench.settings"),
        "REDIS_URL": arguments.redis_url,
        "CELERY_BROKER_URL": arguments.redis_url,
        "RATE_LIMITS": "0",  # every client comes from 127.0.0.1: a load test, not of the per-member limits
    }
    load_before = os.getloadavg()[0]  # what else the machine was doing
    prepare(arguments, environment)
    from django.urls import reverse

    from bench.writes_http_requests import Browsers, cast, writes
    from forum.models import Thread

    people = cast()
    threads_seeded = Thread.objects.count()
    token_page = reverse("forum:ask")  # the cheapest page with a form: a member's CSRF cookie and token
    process, port = serve(environment=environment, workers=arguments.workers, settings_module="bench.settings")
    timing = {"seconds": arguments.seconds, "threads": arguments.threads, "connections": arguments.connections}
    results, problems = [], []
    try:
        baseline_write, *others = writes(people, Browsers(port, token_page))
        print(f"Timing each write for {arguments.seconds} s (wrk -t{arguments.threads} -c{arguments.connections}):")
        baseline = measure(baseline_write, port, count=arguments.seconds * BASELINE_CEILING, **timing)
        say(baseline, baseline)
        count = math.ceil(baseline.rate * arguments.seconds * PREPARED)
        for write in others:
            try:
                result = measure(write, port, count=count, **timing)
            except Problem as problem:  # a broken write is reported, the others measured
                problems.append(f"{write.name}: {problem}")
                print(f"  {write.name}: FAILED, {problem}", flush=True)
                continue
            results.append(result)
            say(result, baseline)
    finally:
        stop(process)
    text = summary(arguments, baseline, results, threads_seeded=threads_seeded, load_before=load_before)
    return finish(
        text, problems, no_docs=arguments.no_docs, markers=MARKERS, heading="## Writes through gunicorn (issue 29)"
    )


if __name__ == "__main__":
    sys.exit(main())
