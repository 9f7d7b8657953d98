"""Benchmark: what each write costs in the process that makes it, against one row inserted in
a transaction (issue 29's first step).

    .venv/bin/python -m bench.writes [--seed-threads 2000] [--repeats 40] [--reseed]
        [--database-url postgres://postgres@127.0.0.1:5432/helpcircle_bench_writes]
        [--template URL of a database bench/seed.py filled] [--no-docs]

Seeds a forum with bench/seed.py (a database kept between runs, copied afresh for each run),
then calls each action the way its view does, --repeats times on different threads and
posts, each in its own transaction, committed, with what runs after the commit (the page
cache's versions in Redis), notifications made but not emailed: asking, answering,
replying, voting, me-too, flagging, accepting, an official reply, claiming, opening a case
and a moderator's hide. The baseline is one ORM INSERT in a transaction (a thread event).
Prints median and p99 in milliseconds and the median as a multiple of the baseline's, and
writes the table into docs/performance.md between its markers unless --no-docs.

In process, not through HTTP: no session, CSRF, middleware or template here (bench/writes_http.py
measures the same writes through gunicorn); this measures the actions' own cost, which every
door (page, API, email) pays.
"""

import argparse
import itertools
import os
import statistics
import sys
import time
from datetime import date

from bench import seed
from bench.db import setup_django
from bench.docs import finish
from bench.pages import moderator
from bench.services import copy_database

DEFAULT_URL = os.environ.get("BENCH_WRITES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_bench_writes")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
MARKERS = ("<!-- bench:writes -->", "<!-- bench:writes-end -->")
BODY = "Unplug the hub for ten seconds, hold reset until the light blinks, then pair it again."


def _people():
    from accounts.models import User

    members = list(User.objects.filter(username__startswith="member", is_active=True).order_by("pk")[:200])
    return {
        "members": members,
        "rep": User.objects.get(username="bench-rep"),
        "lead": User.objects.get(username="bench-lead"),
        "moderator": moderator(),  # the one bench.pages and bench.writes_http use too
    }


def _open_questions(count: int):
    from forum.models import Thread

    threads = Thread.objects.open().filter(kind="question", accepted_post=None).order_by("-pk")
    return list(threads.select_related("author")[:count])


def writes(people, repeats: int):
    """{name: a function of the run's number that makes one write}."""
    from cases.actions import open_case
    from forum import actions
    from moderation.actions.decisions import hide_post
    from moderation.actions.flags import flag_post
    from responses.actions import claim_thread

    members, rep = people["members"], people["rep"]
    threads = _open_questions(repeats * 6)
    member = itertools.cycle(members)
    answers = {}

    def thread(n, offset):
        return threads[(offset * repeats + n) % len(threads)]

    def answer(n):
        target = thread(n, 0)
        author = next(member)
        while author.pk == target.author_id:
            author = next(member)
        answers[n] = actions.post_answer(author=author, thread=target, body=f"{BODY} (try {n})")

    def voter_for(post):
        voter = next(member)
        while voter.pk == post.author_id:
            voter = next(member)
        return voter

    return {
        "ask a question": lambda n: actions.ask_question(
            author=next(member), title=f"Bench question {n}: the hub drops Wi-Fi at night", body=BODY, tags=["wifi"]
        ),
        "answer": answer,
        "reply": lambda n: actions.reply(parent=answers[n], author=voter_for(answers[n]), body=f"Did not work {n}."),
        "vote": lambda n: actions.cast_vote(voter=voter_for(answers[n]), post=answers[n], value=1),
        "me too": lambda n: actions.set_me_too(user=next(member), thread=thread(n, 1), on=True),
        "flag": lambda n: flag_post(post=answers[n], flagger=voter_for(answers[n]), reason="spam"),
        "accept": lambda n: actions.accept_answer(post=answers[n], by=answers[n].thread.author),
        "official reply": lambda n: actions.post_answer(author=rep, thread=thread(n, 2), body=BODY, official=True),
        "claim": lambda n: claim_thread(thread=thread(n, 3), by=rep),
        "open a case": lambda n: open_case(thread=thread(n, 4), by=rep, message="Send us your hub's serial, please."),
        "hide (moderator)": lambda n: hide_post(post=answers[n], by=people["moderator"], rule="spam"),
    }


def baseline():
    from forum.models import Thread, ThreadEvent

    thread_id = Thread.objects.values_list("pk", flat=True).first()
    return lambda n: ThreadEvent.objects.create(thread_id=thread_id, kind=ThreadEvent.Kind.ACCEPTED)


def timed(write, repeats: int) -> list[float]:
    from django.db import transaction

    times = []
    for n in range(repeats):
        started = time.perf_counter()
        with transaction.atomic():  # one transaction a write, committed, as a request has it
            write(n)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed-threads", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument(
        "--template", help="a seeded database to copy (default: the database's URL + _seeded, seeded if missing)"
    )
    parser.add_argument("--no-docs", action="store_true")
    arguments = parser.parse_args(argv)

    os.environ.update(REDIS_URL=REDIS_URL, CELERY_BROKER_URL=REDIS_URL)
    seeded = arguments.template or arguments.database_url + "_seeded"
    if arguments.reseed or not seed.database_is_seeded(seeded):
        seed.main(["--threads", str(arguments.seed_threads), "--database-url", seeded])
    copy_database(seeded, arguments.database_url)  # the writes change it: a fresh copy each run
    setup_django(arguments.database_url, migrate=True)
    from django.conf import settings
    from django.db import connection

    from forum.notifications import notifications_stay_on_site

    settings.DEBUG = False
    rows, problems = [], []
    with notifications_stay_on_site():
        base = timed(baseline(), arguments.repeats)
        for name, write in writes(_people(), arguments.repeats).items():
            try:
                rows.append((name, timed(write, arguments.repeats)))
            except Exception as error:  # a broken write is reported, the others measured
                problems.append(f"{name}: {error!r}")
    base_median = statistics.median(base)
    server = connection.cursor().connection.info.parameter_status("server_version")
    lines = [
        f"Measured {date.today():%Y-%m-%d} by `python -m bench.writes`, 2 cores, PostgreSQL {server} and Redis "
        "on the same machine "
        f"(load average {os.getloadavg()[0]:.1f}); {arguments.repeats} of each write on different threads and posts, "
        "each in its own transaction, in process (no HTTP). Baseline: one row inserted in a transaction.",
        "",
        "| write | median ms | p99 ms | median / baseline |",
        "|---|---|---|---|",
        f"| baseline: one INSERT in a transaction | {base_median:.1f} | {_p99(base):.1f} | 1.0x |",
    ]
    for name, times in rows:
        median = statistics.median(times)
        lines.append(f"| {name} | {median:.1f} | {_p99(times):.1f} | {median / base_median:.0f}x |")
    text = "\n".join(lines)
    return finish(
        text, problems, no_docs=arguments.no_docs, markers=MARKERS, heading="## Writes, in process (issue 29)"
    )


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


if __name__ == "__main__":
    sys.exit(main())
