"""Benchmark: two Celery workers and one beat, on Redis and then on RabbitMQ, for ten minutes
of the engine's time with threads arriving; then every count that must be exactly one.

    .venv/bin/python -m bench.scale_out [--brokers redis,rabbitmq] [--minutes 10] [--speed 20]
        [--no-docs] [--database-url postgres://postgres@127.0.0.1:5432/helpcircle_scaleout]
        [--redis-url redis://127.0.0.1:6379/3] [--amqp-url amqp://guest:guest@127.0.0.1:5672//]

Simulated time, the cheapest honest way: every process of the run (the two workers, beat and
this driver, which asks the questions) reads the same accelerated clock, `timezone.now()`
running `--speed` times faster than the wall clock from one shared epoch (set before Django
loads, so model defaults and `auto_now` read it too). Nothing else is changed: the tasks,
their UPDATEs, the brokers, acks_late and the email task are the real ones. The default lag
is one minute (UNANSWERED_LAG_MINUTES=1), one tag has a lag policy of two, beat sends the
engine's tasks every wall second (RESPONSE_CHECK_SECONDS=1: 20 s of engine time at the
default speed) and, so that the two workers really race, the driver sends mark_overdue,
escalate and offer twice more every wall second. Five threads asked 25 hours before the start
go straight to escalation level 2 (the leads).

Threads arrive at random (one per 2-8 s of engine time) for --minutes; the run then goes on
until every thread is past four times its lag (level 1) plus a margin, and checks:

- every thread is marked overdue, escalated (level 1, or 2 for the old ones) and offered at
  most once: each rep (none looks after a tag, so each is told about every thread) is told
  about each thread in exactly one overdue notice and one level-1 notice, the lead in one
  level-2 notice, the counts in the notices' texts add up to the threads, and no title is
  listed twice;
- every notification is emailed exactly once: Django's file backend writes one file per
  message, and each notification's link (/notifications/<id>/open/) is found in exactly one;
- both workers ran tasks (their logs).

Writes the figures into docs/reliability.md between the `scale-out` markers, unless --no-docs.
Internal: `--role worker|beat` runs one of the processes (the orchestrator starts them).
"""

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bench.services import (
    BROKERS,
    Processes,
    accelerate_clock,
    clock_env,
    copy_database,
    delete_queue,
    make_template,
    run_role,
    service_env,
)

DEFAULT_URL = os.environ.get("BENCH_SCALE_OUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_scaleout")
MARKERS = ("<!-- scale-out:start -->", "<!-- scale-out:end -->")
REP_COUNT = 3
OLD_THREADS = 5  # asked 25 hours before the start: escalated straight to level 2
LAG_MINUTES = {"printer": 1, "billing": 2}  # printer takes the default lag
ENGINE_TASKS = (
    "responses.tasks.mark_overdue_threads_task",
    "responses.tasks.escalate_overdue_threads_task",
    "responses.tasks.offer_unclaimed_threads_task",
)
LINK = re.compile(r"/notifications/(\d+)/open/")


# --- The data -------------------------------------------------------------------------------


def create_people(old_threads: int = OLD_THREADS):
    """Reps (no tags: each is told about every thread), a lead, askers, two tags, and the
    threads asked 25 hours ago. Returns the askers."""
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from taggit.models import Tag

    from accounts.models import User
    from accounts.roles import LEADS, REPS, sync_role_groups
    from forum.actions.posts import ask_question
    from forum.notifications import notifications_stay_on_site
    from responses.models import LagPolicy

    sync_role_groups()
    reps = [User.objects.create(username=f"scale-rep{n}", email=f"scale-rep{n}@example.com") for n in range(REP_COUNT)]
    Group.objects.get(name=REPS).user_set.add(*reps)
    lead = User.objects.create(username="scale-lead", email="scale-lead@example.com")
    Group.objects.get(name=LEADS).user_set.add(lead)
    askers = [User.objects.create(username=f"asker{n}", email=f"asker{n}@example.com") for n in range(20)]
    for name, minutes in LAG_MINUTES.items():
        tag = Tag.objects.create(name=name, slug=name)
        if minutes != 1:
            LagPolicy.objects.create(tag=tag, lag_minutes=minutes)
    with notifications_stay_on_site():
        for n in range(old_threads):
            ask_question(
                author=askers[n],
                title=f"Old thread {n}: still broken since yesterday",
                body="It stopped working yesterday and nobody has answered.",
                tags=["printer"],
                now=timezone.now() - timedelta(hours=25),
            )
    return askers


def ask(askers, number: int):
    from django.utils import timezone

    from forum.actions.posts import ask_question
    from responses.actions import request_official_response

    # Every fourth thread's asker asks for an official answer at once. The askers take turns
    # (number // 4 picks the next one), so that none asks more often than the daily limit on
    # requests (OFFICIAL_REQUESTS_PER_DAY) allows: the run's 30-odd requests over 20 askers.
    requested = number % 4 == 0
    author = askers[(number // 4 if requested else number) % len(askers)]
    thread = ask_question(
        author=author,
        title=f"Arrival {number}: the printer stopped after the update",
        body="Since this morning's update nothing prints. What can I do?",
        tags=[random.choice(list(LAG_MINUTES))],
        now=timezone.now(),
    )
    if requested:  # offered to all at half its lag
        request_official_response(thread=thread, by=author)
    return thread


# --- The checks -----------------------------------------------------------------------------

COUNT = re.compile(r"^(?:Escalation level \d: )?(\d+) threads? (?:is|are) ")


def notice_kind(text: str) -> str | None:
    if text.startswith("Escalation level 1"):
        return "level 1"
    if text.startswith("Escalation level 2"):
        return "level 2"
    if "past its lag" in text or "past their lag" in text:
        return "overdue"
    if "half-way" in text:
        return "offer"
    return None


def check(mail: Path) -> dict:
    """What must be exactly one, counted. Returns the figures and the list of failures."""
    from django.db.models import F

    from accounts.models import User
    from forum.models import Notification, Thread

    failures: list[str] = []
    threads = list(
        Thread.objects.values(
            "pk",
            "title",
            overdue_at=F("response_state__overdue_at"),
            escalation_level=F("response_state__escalation_level"),
            offered_at=F("response_state__offered_at"),
        )
    )
    old = [t for t in threads if t["title"].startswith("Old thread")]
    arrived = [t for t in threads if t not in old]
    expected = {
        "overdue": {t["title"] for t in threads},
        "level 1": {t["title"] for t in arrived},
        "level 2": {t["title"] for t in old},
        "offer": {t["title"] for t in threads if t["offered_at"] is not None},
    }
    not_marked = [t["pk"] for t in threads if t["overdue_at"] is None]
    if not_marked:
        failures.append(f"{len(not_marked)} threads never marked overdue")
    wrong_level = [t["pk"] for t in arrived if t["escalation_level"] != 1] + [
        t["pk"] for t in old if t["escalation_level"] != 2
    ]
    if wrong_level:
        failures.append(f"{len(wrong_level)} threads at the wrong escalation level")
    lead = User.objects.get(username="scale-lead")
    audiences = {
        "overdue": list(User.objects.filter(username__startswith="scale-rep")),
        "level 1": list(User.objects.filter(username__startswith="scale-rep")),
        "level 2": [lead],
        "offer": list(User.objects.filter(username__startswith="scale-rep")),
    }
    notices = Counter()
    for kind, recipients in audiences.items():
        for recipient in recipients:
            counted, listed = 0, Counter()
            for notification in Notification.objects.filter(recipient=recipient).order_by("pk"):
                if notice_kind(notification.text) != kind:
                    continue
                notices[kind] += 1
                counted += int(COUNT.match(notification.text).group(1))
                listed.update(re.findall(r"“([^”]*)”", notification.details))
            doubled = [title for title, n in listed.items() if n > 1]
            if doubled:
                failures.append(f"{kind}: {recipient.username} told twice about {doubled[:3]}")
            if counted != len(expected[kind]):
                failures.append(f"{kind}: {recipient.username} told about {counted}, expected {len(expected[kind])}")
            missing = expected[kind] - set(listed)
            if missing and counted <= 10:
                failures.append(f"{kind}: {recipient.username} never told about {sorted(missing)[:3]}")
    # Emails: one file per message (the file backend opens a connection per send_mail).
    emailed = Counter()
    for path in mail.iterdir():
        emailed.update(int(n) for n in LINK.findall(path.read_text(errors="replace")))
    notifications = list(Notification.objects.values_list("pk", "emailed_at"))
    should = {pk for pk, _ in notifications}
    unsent = sorted(should - set(emailed))
    twice = sorted(pk for pk, n in emailed.items() if n > 1)
    if unsent:
        failures.append(f"{len(unsent)} notifications never emailed: {unsent[:5]}")
    if twice:
        failures.append(f"{len(twice)} notifications emailed more than once: {twice[:5]}")
    if any(emailed_at is None for _, emailed_at in notifications):
        failures.append("notifications left with emailed_at unset")
    return {
        "threads": len(threads),
        "arrived": len(arrived),
        "overdue": len(threads) - len(not_marked),
        "level 1": sum(t["escalation_level"] == 1 for t in threads),
        "level 2": sum(t["escalation_level"] == 2 for t in threads),
        "offered": len(expected["offer"]),
        "notices": dict(notices),
        "notifications": len(notifications),
        "emails": sum(emailed.values()),
        "duplicates": len(twice),
        "lost": len(unsent),
        "failures": failures,
    }


# --- The run --------------------------------------------------------------------------------


def run_broker(broker: str, *, template: str, database_url: str, minutes: float, speed: float) -> dict:
    from celery import Celery
    from django.db import connections

    work = Path(tempfile.mkdtemp(prefix=f"scale-out-{broker}-"))
    mail = work / "mail"
    mail.mkdir()
    copy_database(template, database_url)
    epoch = time.time()
    accelerate_clock(epoch, speed)
    queue = f"scale-out-{os.getpid()}-{broker}"
    env = service_env(
        database_url=database_url,
        broker_url=BROKERS[broker],
        queue=queue,
        mail=mail,
        work=work,
        extra=clock_env(epoch, speed),
    )
    # This process asks the questions, and the engine stores each thread's lag as it is asked
    # (responses/waiting.py): it reads the default lag the workers read (UNANSWERED_LAG_MINUTES=1).
    from datetime import timedelta

    from django.conf import settings

    settings.UNANSWERED_LAG = timedelta(minutes=int(env["UNANSWERED_LAG_MINUTES"]))
    askers = create_people()
    sender = Celery(broker=BROKERS[broker])
    sender.conf.task_default_queue = queue
    processes = Processes(env=env, logs=work)
    processes.start("worker", "worker1")
    processes.start("worker", "worker2")
    processes.start("beat", "beat")
    arrivals = 0
    started = time.time()
    run_seconds = minutes * 60 / speed
    # Past four times the longest lag, plus a minute and a half, after the last arrival.
    drain_seconds = (4 * max(LAG_MINUTES.values()) + 1.5) * 60 / speed
    next_arrival = started
    next_burst = started
    try:
        while time.time() < started + run_seconds + drain_seconds:
            now = time.time()
            if now < started + run_seconds and now >= next_arrival:
                ask(askers, arrivals)
                arrivals += 1
                next_arrival = now + random.uniform(2, 8) / speed
            if now >= next_burst:
                for _ in range(2):
                    for task in ENGINE_TASKS:
                        sender.send_task(task)
                next_burst = now + 1
            time.sleep(0.02)
        processes.stop("beat")
        # The last tasks (and the emails they enqueued) finish: wait until every
        # notification has been emailed or 30 s passed.
        from forum.models import Notification

        deadline = time.time() + 30
        while time.time() < deadline and Notification.objects.filter(emailed_at=None).exists():
            time.sleep(0.5)
        time.sleep(2)  # an email task mid-send writes its file
    finally:
        processes.stop_all()
        delete_queue(BROKERS[broker], queue)
    connections.close_all()
    figures = check(mail)
    figures["tasks"] = {name: processes.log(name).count(" succeeded in ") for name in ("worker1", "worker2")}
    for name, count in figures["tasks"].items():
        if count == 0:
            figures["failures"].append(f"{name} ran no task")
    figures["broker"] = broker
    figures["wall"] = time.time() - started
    figures["simulated"] = (time.time() - started) * speed / 60
    shutil.rmtree(work, ignore_errors=True)
    return figures


def table(results: list[dict], command: str, minutes: float, speed: float) -> str:
    lines = [
        f"Two workers (`celery worker -P solo`, own processes), one beat, PostgreSQL; {minutes:g} minutes of "
        f"the engine's time with threads arriving, at {speed:g}x (an accelerated `timezone.now()` shared by "
        "every process; the tasks, UPDATEs, brokers and email task are the real ones), then the drain past "
        "four lags. Beat every wall second plus two extra sends of each engine task every second, so the "
        "workers race. Checked: each thread told about once per rep and kind, each notification emailed once.",
        "",
        "| broker | threads (arrived + old) | overdue | level 1 | level 2 | offered "
        "| notices (overdue / L1 / L2 / offer) | notifications | emails | duplicates | lost "
        "| tasks run (worker 1 / 2) | wall s | result |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        n = r["notices"]
        lines.append(
            f"| {r['broker']} | {r['threads']} ({r['arrived']} + {r['threads'] - r['arrived']}) | {r['overdue']} "
            f"| {r['level 1']} | {r['level 2']} | {r['offered']} "
            f"| {n.get('overdue', 0)} / {n.get('level 1', 0)} / {n.get('level 2', 0)} / {n.get('offer', 0)} "
            f"| {r['notifications']} | {r['emails']} | {r['duplicates']} | {r['lost']} "
            f"| {r['tasks']['worker1']} / {r['tasks']['worker2']} | {r['wall']:.0f} "
            f"| {'pass' if not r['failures'] else 'FAIL: ' + '; '.join(r['failures'])} |"
        )
    lines += [
        "",
        f"Command: `.venv/bin/{command}` (about 2.5 minutes; PostgreSQL on 127.0.0.1:5432, "
        "Redis db 3, RabbitMQ's `/` vhost with a queue of the run's own, deleted after).",
        "",
        "Found by the first run (`--brokers redis --minutes 2`, before the fix) and fixed: each of the 3 reps "
        "told about 14 level-1 escalations where 9 threads were escalated, and the lead about 10 level-2 ones "
        "for 5 threads (each twice). "
        "escalate_overdue_threads and offer_unclaimed_threads filter across joins, so Django writes their UPDATEs "
        "as `WHERE id IN (SELECT ...)`, which PostgreSQL does not re-check on a row a racing worker has just "
        "changed; the guard (`escalation_level < n`, `offered_at IS NULL`) now stands in the UPDATE's own WHERE "
        "(responses/actions.py `_update_once`; test: tests/responses/test_overdue.py "
        "`test_two_workers_escalating_and_offering_at_once_do_each_once`, PostgreSQL pass). mark_overdue's UPDATE "
        "was single-table already and never doubled.",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--role", choices=["worker", "beat"])
    parser.add_argument("--name", default="worker")
    parser.add_argument("--brokers", default="redis,rabbitmq")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--speed", type=float, default=20)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    if args.role:
        run_role(args.role, args.name)
        return 0
    from bench.db import setup_django

    template = make_template(args.database_url)
    accelerate_clock(time.time(), args.speed)  # before Django loads; each run sets its own epoch
    setup_django(args.database_url)
    results = []
    for broker in args.brokers.split(","):
        result = run_broker(
            broker, template=template, database_url=args.database_url, minutes=args.minutes, speed=args.speed
        )
        print(broker, result, flush=True)
        results.append(result)
    command = " ".join(["python -m bench.scale_out", *sys.argv[1:]])
    text = table(results, command, args.minutes, args.speed)
    print(text)
    if not args.no_docs:
        from bench.docs import RELIABILITY, write_section

        write_section(text, markers=MARKERS, heading="## Scale-out: two workers and one beat", path=RELIABILITY)
    return 1 if any(r["failures"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
