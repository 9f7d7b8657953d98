"""Faults, one sub-command each: a worker killed with SIGKILL in the middle of a task, and the
broker stopped under the site. Each prints one JSON line of figures; `all` runs every one in
its own process and writes the table into docs/reliability.md (`faults` section).

    .venv/bin/python -m bench.faults all [--no-docs] [--brokers rabbitmq,redis] [--clients 24] [--seconds 8]
    .venv/bin/python -m bench.faults kill-overdue --broker rabbitmq|redis
    .venv/bin/python -m bench.faults kill-email --broker rabbitmq|redis
    .venv/bin/python -m bench.faults broker-down
    .venv/bin/python -m bench.faults cache-down
    .venv/bin/python -m bench.faults db-restart
    .venv/bin/python -m bench.faults db-restart-load [--clients 24] [--seconds 8]

kill-overdue: 30 threads past their lag; a row lock held by this script on the last of them
  stops the worker's mark_overdue UPDATE half-way (seen waiting in pg_stat_activity), the
  worker is killed with SIGKILL, the lock released, a second worker started: the message
  (acks_late, reject_on_worker_lost) is delivered again and the threads are flagged once,
  each rep notified once, each notice emailed once.
kill-email: 40 notifications in one email task; a row lock on the 20th stops the task after
  the first ones were sent; SIGKILL, release, a second worker: every notification emailed
  exactly once (Django's file backend, one file per message).
  On Redis, an unacked message comes back after the transport's visibility_timeout (1 hour
  by default); these runs set it to 10 s (SCALE_OUT_VISIBILITY_TIMEOUT). RabbitMQ gives it
  back as soon as the killed worker's connection drops.
broker-down: the broker is a private redis-server (port 6390, started and stopped here, never
  the shared one); with it stopped: pages, an answer (its followers' notification), a vote,
  /healthz; no 500 and /healthz 503; then the broker back, a worker and beat started, and the
  notifications made during the outage emailed once.

Databases: throwaway ones on the shared PostgreSQL (helpcircle_faults*), dropped and made again.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scale_out import (
    BROKERS,
    LINK,
    PROJECT,
    Processes,
    copy_database,
    delete_queue,
    make_template,
    service_env,
)

DEFAULT_URL = os.environ.get("BENCH_FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_faults")
PRIVATE_REDIS_PORT = 6390
CACHE_REDIS_PORT = 6391
PRIVATE_BROKER = f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/0"
MARKERS = ("<!-- faults:start -->", "<!-- faults:end -->")


def wait_for(condition, *, timeout: float, what: str, every: float = 0.2):
    """Poll `condition` (a read of the database or the broker) until it holds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"gave up waiting for {what} after {timeout} s")


def emails(mail: Path):
    from collections import Counter

    counted = Counter()
    for path in mail.iterdir():
        counted.update(int(n) for n in LINK.findall(path.read_text(errors="replace")))
    return counted


def email_figures(mail: Path) -> dict:
    from forum.models import Notification

    counted = emails(mail)
    ids = set(Notification.objects.values_list("pk", flat=True))
    return {
        "notifications": len(ids),
        "emailed": len(set(counted) & ids),
        "lost": len(ids - set(counted)),
        "doubled": sum(1 for n in counted.values() if n > 1),
    }


def waiting_on_lock(table: str) -> bool:
    """A statement on `table` waits for a row lock (the worker stopped half-way)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
            [f'%"{table}"%'],
        )
        return cursor.fetchone()[0] > 0


def setup(broker_url: str, database_url: str, *, redis_url: str = "") -> Path:
    from bench.db import setup_django

    os.environ["CELERY_BROKER_URL"] = broker_url
    os.environ["CELERY_QUEUE"] = f"faults-{os.getpid()}"  # what notify() sends to, as the workers
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    os.environ.pop("REDIS_URL", None)
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    template = make_template(database_url)
    setup_django(database_url)
    copy_database(template, database_url)
    work = Path(tempfile.mkdtemp(prefix="faults-"))
    (work / "mail").mkdir()
    return work


def worker_env(broker: str, broker_url: str, database_url: str, work: Path) -> dict:
    extra = {"SCALE_OUT_EPOCH": repr(time.time()), "SCALE_OUT_SPEED": "1.0"}
    if broker == "redis":
        extra["SCALE_OUT_VISIBILITY_TIMEOUT"] = "10"
    env = service_env(
        database_url=database_url,
        broker_url=broker_url,
        queue=os.environ["CELERY_QUEUE"],
        mail=work / "mail",
        work=work,
        extra=extra,
    )
    env["UNANSWERED_LAG_MINUTES"] = "60"
    env["RESPONSE_CHECK_SECONDS"] = "3600"  # beat is not running in the kill runs anyway
    env["CELERY_RESULT_BACKEND"] = "cache+memory://"
    return env


def kill_in_the_middle(args, *, table: str, prepare, send, done) -> dict:
    """Start a worker, let the task stop on a row lock held here, SIGKILL the worker, release
    the lock, start another worker and wait until `done()`."""
    import psycopg
    from celery import Celery

    broker_url, work = BROKERS[args.broker], args.work
    env = worker_env(args.broker, broker_url, args.database_url, work)
    lock_sql = prepare()
    sender = Celery(broker=broker_url)
    sender.conf.task_default_queue = env["CELERY_QUEUE"]
    processes = Processes(env=env, logs=work)
    with psycopg.connect(args.database_url) as locker:
        locker.execute(lock_sql)  # opens a transaction holding one row's lock
        send(sender)
        first = processes.start("worker", "first")
        try:
            wait_for(lambda: waiting_on_lock(table), timeout=60, what="the task to stop on the lock")
        except TimeoutError:
            processes.stop_all()
            raise
        before_kill = email_figures(work / "mail")["emailed"]
        started = time.time()
        processes.stop("first", sig=9)  # SIGKILL
        killed = first.returncode
        locker.rollback()
    processes.start("worker", "second")
    try:
        wait_for(done, timeout=120, what="the task to be done after the restart", every=0.5)
        recovered = time.time() - started
        time.sleep(2)  # anything that would double has its chance
    finally:
        processes.stop_all()
    return {
        "broker": args.broker,
        "killed_status": killed,
        "emailed_before_kill": before_kill,
        "recovered_s": round(recovered, 1),
        "work": work,
    }


def kill_overdue(args) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from bench.scale_out import create_people
    from forum.actions.posts import ask_question
    from forum.models import Notification, Thread
    from forum.notifications import notifications_stay_on_site

    state = {}

    def prepare():
        askers = create_people(old_threads=0)
        with notifications_stay_on_site():
            threads = [
                ask_question(
                    author=askers[n % len(askers)],
                    title=f"Fault thread {n}: it stopped",
                    body="It stopped working two hours ago.",
                    tags=["printer"],
                    now=timezone.now() - timedelta(hours=2),
                )
                for n in range(30)
            ]
        state["ids"] = [t.pk for t in threads]
        return f"SELECT id FROM forum_thread WHERE id = {max(state['ids'])} FOR UPDATE"

    def send(sender):
        sender.send_task("responses.tasks.mark_overdue_threads_task")

    def done():
        return (
            not Thread.objects.filter(response_state__overdue_at=None).exists()
            and Notification.objects.exists()
            and not (Notification.objects.filter(emailed_at=None).exists())
        )

    result = kill_in_the_middle(args, table="forum_thread", prepare=prepare, send=send, done=done)
    result |= email_figures(result.pop("work") / "mail")
    reps = 4  # three reps and the lead (leads work the queue too)
    result["threads"] = len(state["ids"])
    result["flagged"] = Thread.objects.exclude(response_state__overdue_at=None).count()
    result["overdue_runs"] = Thread.objects.values("response_state__overdue_at").distinct().count()
    result["notices"] = Notification.objects.filter(text__contains="past their lag").count()
    result["ok"] = (
        result["flagged"] == 30
        and result["overdue_runs"] == 1
        and result["notices"] == reps
        and result["lost"] == 0
        and result["doubled"] == 0
    )
    return result


def kill_email(args) -> dict:
    from django.db import transaction

    from accounts.models import User
    from forum.models import Notification
    from forum.notifications import notify

    def prepare_and_lock():
        users = [User.objects.create(username=f"reader{n}", email=f"reader{n}@example.com") for n in range(40)]
        with transaction.atomic():  # one email task for all 40, sent after commit
            made = notify(recipient_ids=[user.pk for user in users], text="Somebody answered you", url="/")
        state["ids"] = sorted(made)
        return f"SELECT id FROM forum_notification WHERE id = {state['ids'][len(made) // 2]} FOR UPDATE"

    state = {}
    result = kill_in_the_middle(
        args,
        table="forum_notification",
        prepare=prepare_and_lock,
        send=lambda sender: None,  # notify() already enqueued the task (after its commit)
        done=lambda: not Notification.objects.filter(emailed_at=None).exists(),
    )
    result |= email_figures(result.pop("work") / "mail")
    result["ok"] = result["lost"] == 0 and result["doubled"] == 0 and 0 < result["emailed_before_kill"] < 40
    return result


def broker_down(args) -> dict:
    from django.test import Client

    broker_url, work = PRIVATE_BROKER, args.work
    redis = start_private_redis()
    try:
        from accounts.models import User
        from bench.scale_out import create_people
        from forum.actions.posts import ask_question
        from forum.models import Notification, Post

        askers = create_people(old_threads=0)
        asker, answerer, voter = askers[0], askers[1], askers[2]
        User.objects.filter(pk=voter.pk).update(reputation=200)
        thread = ask_question(
            author=asker, title="Broker down: my hub blinks red", body="It blinks red since noon.", tags=["printer"]
        )
        stop_private_redis(redis)
        redis = None
        statuses = []
        anonymous, writer, voting = (Client(raise_request_exception=False, HTTP_HOST="localhost") for _ in range(3))
        writer.force_login(answerer)
        voting.force_login(voter)
        pages = ["/", thread.get_absolute_url(), "/tags/", "/search/?q=hub"]
        for client in (anonymous, writer):
            statuses += [client.get(page).status_code for page in pages]
        answered = writer.post(f"/answer/{thread.pk}/", {"body": "Unplug it for ten seconds, then plug it back in."})
        statuses.append(answered.status_code)
        answer = Post.objects.filter(thread=thread, is_question=False).first()
        voted = voting.post(f"/p/{answer.pk}/vote/", {"value": "up"}) if answer else None
        if voted is not None:
            statuses.append(voted.status_code)
        health = anonymous.get("/healthz").status_code
        during = {
            "answer_saved": answer is not None,
            "vote_saved": answer is not None and Post.objects.get(pk=answer.pk).score == 1,
            "notifications_waiting": Notification.objects.filter(emailed_at=None).count(),
        }
        # The broker comes back: a worker and beat, as deployed.
        redis = start_private_redis()
        env = worker_env("redis", broker_url, args.database_url, work)
        env["RESPONSE_CHECK_SECONDS"] = "5"
        env["UNSENT_EMAIL_SECONDS"] = "0"  # the sweep at once, not 5 minutes after
        processes = Processes(env=env, logs=work)
        processes.start("worker", "worker")
        processes.start("beat", "beat")
        try:
            emailed = wait_for(
                lambda: not Notification.objects.filter(emailed_at=None).exists(),
                timeout=90,
                what="the outage's notifications to be emailed",
                every=1,
            )
        except TimeoutError:
            emailed = False
        finally:
            processes.stop_all()
            delete_queue(broker_url, env["CELERY_QUEUE"])
        result = {
            "requests": len(statuses),
            "5xx": sum(s >= 500 for s in statuses),
            "statuses": sorted(set(statuses)),
            "healthz": health,
            **during,
            "emailed_after_return": bool(emailed),
            **email_figures(work / "mail"),
        }
        result["ok"] = (
            result["5xx"] == 0
            and health == 503
            and during["answer_saved"]
            and during["vote_saved"]
            and result["lost"] == 0
            and result["doubled"] == 0
        )
        return result
    finally:
        if redis is not None:
            stop_private_redis(redis)


def start_private_redis(port: int = PRIVATE_REDIS_PORT) -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    wait_for(lambda: _pings(client), timeout=10, what="the private redis-server")
    return process


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


def stop_private_redis(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)


def cache_down(args) -> dict:
    """Redis (the cache) stopped: reading serves, login and writes are refused cleanly."""
    from allauth.account.models import EmailAddress
    from django.test import Client

    from bench.scale_out import create_people
    from forum.actions.posts import ask_question
    from forum.models import Post

    redis = start_private_redis(CACHE_REDIS_PORT)
    try:
        askers = create_people(old_threads=0)
        reader, writer = askers[0], askers[1]
        writer.set_password("a long enough password 1")
        writer.save()
        EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
        thread = ask_question(
            author=reader, title="Cache down: my hub blinks red", body="It blinks red.", tags=["printer"]
        )
        clients = [Client(raise_request_exception=False, HTTP_HOST="localhost") for _ in range(3)]
        anonymous, member, login = clients
        member.force_login(reader)
        stop_private_redis(redis)
        redis = None
        pages = ["/", thread.get_absolute_url(), "/tags/", "/search/?q=hub", "/accounts/login/"]
        reading = [client.get(page).status_code for client in (anonymous, member) for page in pages]
        logged_in = login.post("/accounts/login/", {"login": writer.email, "password": "a long enough password 1"})
        member_answer = member.post(f"/answer/{thread.pk}/", {"body": "Unplug it for ten seconds, then plug it in."})
        statuses = [*reading, logged_in.status_code, member_answer.status_code]
        result = {
            "reads": len(reading),
            "reads_ok": sum(status in (200, 302) for status in reading),
            "read_statuses": dict(
                zip([f"{who} {page}" for who in ("anonymous", "member") for page in pages], reading, strict=True)
            ),
            "login_status": logged_in.status_code,
            "login_refused": "_auth_user_id" not in login.session,
            "answer_status": member_answer.status_code,
            "answer_saved": Post.objects.filter(thread=thread, is_question=False).exists(),
            "500s": sum(status == 500 for status in statuses),
        }
        result["ok"] = result["reads_ok"] == len(reading) and result["login_refused"] and result["500s"] == 0
        return result
    finally:
        if redis is not None:
            stop_private_redis(redis)


PRIVATE_PG_PORT = 5440
PRIVATE_PG_DIR = Path("/tmp/helpcircle-faults-pg")
PRIVATE_PG_URL = f"postgres://postgres@127.0.0.1:{PRIVATE_PG_PORT}/helpcircle_faults"


def pg_ctl(*args: str) -> None:
    """The private cluster (initdb'd here, owned by the postgres user), never the shared one."""
    binaries = Path("/usr/lib/postgresql/15/bin")
    if not (PRIVATE_PG_DIR / "PG_VERSION").exists():
        PRIVATE_PG_DIR.mkdir(exist_ok=True)
        shutil.chown(PRIVATE_PG_DIR, "postgres")
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                binaries / "initdb",
                "-D",
                PRIVATE_PG_DIR,
                "-A",
                "trust",
                "-U",
                "postgres",
            ],
            check=True,
            capture_output=True,
        )
    options = f"-p {PRIVATE_PG_PORT} -k /tmp -c listen_addresses=127.0.0.1"
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            binaries / "pg_ctl",
            "-D",
            PRIVATE_PG_DIR,
            "-o",
            options,
            "-l",
            PRIVATE_PG_DIR / "log",
            "-w",
            *args,
        ],
        check=True,
        capture_output=True,
    )


def db_restart(args) -> dict:
    """The database (a private PostgreSQL) stopped and started again under a running process."""
    from django.conf import settings
    from django.db import close_old_connections
    from django.test import Client

    from bench.scale_out import create_people
    from forum.actions.posts import ask_question

    settings.DEBUG = False  # the 500 page users see, not the debug page
    askers = create_people(old_threads=0)
    thread = ask_question(
        author=askers[0], title="Database down: my hub blinks red", body="It blinks.", tags=["printer"]
    )
    anonymous, member = (Client(raise_request_exception=False, HTTP_HOST="localhost") for _ in range(2))
    member.force_login(askers[1])
    pages = ["/", thread.get_absolute_url(), "/tags/"]

    def sweep():
        from config import health

        health.forget_last_check()  # /healthz keeps its answer 5 s; each sweep asks afresh
        out = []
        for client in (anonymous, member):
            for page in pages:
                # What Django's WSGI handler does around every request and the test client
                # leaves out (request_started/finished): drop a connection that is broken.
                close_old_connections()
                response = client.get(page)
                out.append(
                    (response.status_code, b"Something went wrong" in response.content, b"<nav" in response.content)
                )
        close_old_connections()
        out.append((anonymous.get("/healthz").status_code, False, False))
        return out

    before = sweep()
    pg_ctl("stop", "-m", "fast")
    try:
        during = sweep()
    finally:
        pg_ctl("start")
    after = sweep()  # the same process: no restart
    pages_during = during[:-1]
    result = {
        "before": sorted({s for s, _, _ in before}),
        "during": sorted({s for s, _, _ in during}),
        "during_pages_with_error_page_in_layout": sum(1 for s, text, nav in pages_during if s >= 500 and text and nav),
        "during_pages": len(pages_during),
        "healthz_during": during[-1][0],
        "after": sorted({s for s, _, _ in after}),
        "after_each": [s for s, _, _ in after],
    }
    result["ok"] = (
        result["during_pages_with_error_page_in_layout"] == len(pages_during)
        and result["healthz_during"] == 503
        and all(s in (200, 302) for s, _, _ in after[:-1])
        and after[-1][0] == 200
    )
    return result


def db_restart_load(args) -> dict:
    from bench import db_restart_load

    return db_restart_load.run(
        args, pg_ctl=pg_ctl, database_url=args.database_url, work=args.work, wait_for=wait_for, emails=emails
    )


COMMANDS = {
    "kill-overdue": kill_overdue,
    "kill-email": kill_email,
    "broker-down": broker_down,
    "cache-down": cache_down,
    "db-restart": db_restart,
    "db-restart-load": db_restart_load,
}


def run_all(args) -> int:
    brokers = args.brokers.split(",")
    runs = [
        *[("kill-overdue", broker) for broker in brokers],
        *[("kill-email", broker) for broker in brokers],
        ("broker-down", None),
        ("cache-down", None),
        ("db-restart", None),
        ("db-restart-load", None),
    ]
    rows = []
    for command, broker in runs:
        argv = [sys.executable, "-m", "bench.faults", command] + (["--broker", broker] if broker else [])
        if command == "db-restart-load":
            argv += ["--clients", str(args.clients), "--seconds", str(args.seconds)]
        completed = subprocess.run(argv, cwd=PROJECT, capture_output=True, text=True, env={**os.environ, "DEBUG": "1"})
        lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
        result = json.loads(lines[-1]) if lines else {"ok": False, "error": completed.stderr[-500:]}
        shown = " ".join(argv[3:])  # the sub-command and its options
        rows.append((shown, result))
        print(shown, result, flush=True)
    text = table(rows)
    print(text)
    if not args.no_docs:
        from bench.docs import RELIABILITY, write_section

        write_section(text, markers=MARKERS, heading="## Faults", path=RELIABILITY)
    return 0 if all(result.get("ok") for _, result in rows) else 1


def shown_statuses(by_kind: dict[str, dict]) -> str:
    """{"page": {"500": 888}} as 'page 888 x 500'."""
    return "; ".join(
        f"{kind} " + ", ".join(f"{count} x {status}" for status, count in statuses.items())
        for kind, statuses in by_kind.items()
    )


def table(rows) -> str:
    lines = [
        "Each run: `.venv/bin/python -m bench.faults <command>` (all of them: `.venv/bin/python -m bench.faults all`).",
        "",
        "| fault | command | figures | result |",
        "|---|---|---|---|",
    ]
    for command, r in rows:
        if "error" in r:
            lines.append(f"| {command} | `python -m bench.faults {command}` | error | FAIL |")
            continue
        if command.startswith("kill-overdue"):
            fault = "worker SIGKILLed in the middle of mark_overdue (its UPDATE waiting on a row lock)"
            figures = (
                f"{r['flagged']}/{r['threads']} threads flagged, "
                f"in {r['overdue_runs']} run; "
                f"{r['notices']} overdue notices (3 reps and the lead, one each); "
                f"{r['emailed']}/{r['notifications']} emailed, "
                f"{r['lost']} lost, {r['doubled']} doubled; done {r['recovered_s']} s after the kill"
            )
        elif command.startswith("kill-email"):
            fault = "worker SIGKILLed in the middle of the email task (40 notifications)"
            figures = (
                f"{r['emailed_before_kill']} sent before the kill; {r['emailed']}/{r['notifications']} emailed "
                f"after the restart, {r['lost']} lost, {r['doubled']} doubled; done {r['recovered_s']} s after"
            )
        elif command.startswith("db-restart-load"):
            fault = (
                "database (the private PostgreSQL cluster) stopped for "
                f"{r['outage_s']} s under load: gunicorn (3 workers), a Celery worker and beat running"
            )
            figures = (
                f"{r['clients']} clients, {r['requests']} requests in {r['load_s']} s, {r['unanswered']} unanswered; "
                f"during the outage {shown_statuses(r['during_by_kind'])}, "
                f"{sum(r['5xx_outside_layout'].values())} 5xx outside the layout; after "
                f"the start {shown_statuses({'all': r['after']})}, "
                f"first success {r['first_success_after_start_ms']} ms after; "
                f"{r['answers_acknowledged']} answers acknowledged, {r['answers_acknowledged_missing']} missing, "
                f"{r['answers_refused']} refused with a 5xx and {r['answers_refused_but_saved']} of them saved, "
                f"{r['answers_doubled']} doubled; {r['emailed']}/{r['notifications']} notifications emailed, "
                f"{r['lost']} lost, {r['doubled']} sent twice under one Message-ID (a mail store keeps one), "
                f"{r['doubled_under_a_new_message_id']} under a new one; "
                f"restarted: {r['web_workers_restarted']} web workers, "
                f"worker {r['worker_restarted']}, beat {r['beat_restarted']}"
            )
        elif command.startswith("db-restart"):
            fault = "database (a private PostgreSQL cluster, port 5440) stopped and started under a running process"
            figures = (
                f"during: {r['during_pages_with_error_page_in_layout']}/{r['during_pages']} page requests (anonymous "
                f"and member) answered the 500 page in the layout, /healthz {r['healthz_during']}; after the start, "
                f"statuses {r['after']} from the same process, no restart"
            )
        elif command.startswith("cache-down"):
            fault = "cache (private redis-server as REDIS_URL) stopped"
            figures = (
                f"{r['reads_ok']}/{r['reads']} page reads served (anonymous and member); login answered "
                f"{r['login_status']} and logged nobody in (fail closed); an answer answered {r['answer_status']}; "
                f"{r['500s']} 500s"
            )
        else:
            fault = "broker (private redis-server) stopped"
            figures = (
                f"{r['requests']} requests (pages, answer, vote), {r['5xx']} 5xx, statuses {r['statuses']}; "
                f"/healthz {r['healthz']}; answer saved {r['answer_saved']}, vote saved {r['vote_saved']}; "
                f"after the broker came back {r['emailed']}/{r['notifications']} emailed, {r['lost']} lost, "
                f"{r['doubled']} doubled"
            )
        lines.append(f"| {fault} | `python -m bench.faults {command}` | {figures} | {'pass' if r['ok'] else 'FAIL'} |")
    lines += [
        "",
        "Defects these runs found, each fixed with the test that shows it:",
        "",
        "1. kill-email: 1 of 40 notifications lost. The task marked a notification emailed (autocommit) before "
        "sending it, so a worker killed in between lost the email. Now each is locked, sent and marked in one "
        "transaction (forum/notifications.py); a killed worker commits nothing and the redelivered task sends it. "
        "Test: tests/forum/test_email_faults.py `test_a_worker_dying_in_the_middle_of_a_send_leaves_that_email_"
        "to_be_sent_again`. What remains: a kill after the mail server accepted a message and before the commit "
        "(microseconds) sends that one twice; exactly once is not possible with SMTP.",
        "2. broker-down: the answer posted with the broker stopped answered 500 (the post saved, the email task's "
        "send_task raising in on_commit) and its notification was never emailed (1 of 1 lost). Now a failed send "
        "is logged and beat's sweep `forum.tasks.send_unsent_notification_emails` emails every notification "
        "still unemailed `UNSENT_EMAIL_SECONDS` (300) after it was made, for a day. Tests: "
        "tests/forum/test_email_faults.py (the answer with the broker down, the sweep once).",
        "3. cache-down: a thread page (its view counter's `cache.add`), login and an answer (rate limits) "
        "answered 500. The view counter now uses the forgiving `pages` cache (the view is not counted while "
        "Redis is down); anything else that needed Redis is answered by `config.middleware.CacheDownMiddleware` "
        "with the 503 page in the layout: rate limits fail closed. Test: tests/platform/test_cache_down.py.",
        "4. db-restart-load: with the database stopped, /healthz went on answering 200 for up to "
        "HEALTHZ_CACHE_SECONDS (5) from its shared result. A request failing on the database now makes the next "
        "/healthz probe again (config/health.py, `got_request_exception`). Test: tests/platform/test_healthz.py "
        "`test_a_request_failing_on_the_database_makes_the_next_healthz_probe_again`.",
        "5. db-restart-load: 927 of 4,200 notifications not emailed within two minutes of the restart. Email "
        "tasks that ran while the database was down failed, were acked, and their emails waited for beat's "
        "five-minute sweep. The task now retries on OperationalError and InterfaceError (5, 10, 20, 40, 80 s; "
        "forum/tasks.py). Test: tests/forum/test_email_faults.py `test_the_email_task_retries_while_the_"
        "database_is_unreachable_instead_of_dropping_its_emails`.",
        "6. db-restart-load, with 5. fixed: 1 of 4,300 emailed twice (the database went away between a send "
        "and the commit that records it; the retry sends it again). Each notification's email now carries one "
        "Message-ID on every send (forum/notifications.py `message_id`), so mail stores drop the copy; the run "
        "counts copies under a new Message-ID, which must be 0. Test: tests/forum/test_email_faults.py "
        "`test_an_email_sent_again_carries_the_message_id_of_the_first_so_mail_stores_drop_the_copy`.",
        "",
        "db-restart runs its requests one after another in one process through Django's test client, calling "
        "`close_old_connections()` around each as Django's WSGI handler does (the test client leaves that out). "
        "db-restart-load runs the real stack (bench/db_restart_load.py): gunicorn with 3 workers, a Celery "
        "worker and beat, 24 clients with sessions and CSRF tokens looping over a thread page, the home page, "
        "an answer and /healthz; `pg_ctl stop -m fast` cuts every connection. `CONN_MAX_AGE=60` with "
        "`conn_health_checks=True` is what reconnects; nothing is restarted. During the outage pages answer the "
        "500 page (inside the layout, rendered without the database); a 503 with Retry-After would say better "
        "that it is temporary, left as it is.",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=[*COMMANDS, "all"])
    parser.add_argument("--broker", choices=list(BROKERS), default="rabbitmq")
    parser.add_argument("--brokers", default="rabbitmq,redis", help="all: the brokers the kill runs use")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--clients", type=int, default=24, help="db-restart-load: clients in the crowd")
    parser.add_argument("--seconds", type=float, default=8, help="db-restart-load: load before, and outage length")
    args = parser.parse_args()
    if args.command == "all":
        return run_all(args)
    broker = PRIVATE_BROKER if args.command in ("broker-down", "cache-down") else BROKERS[args.broker]
    redis_url = f"redis://127.0.0.1:{CACHE_REDIS_PORT}/0" if args.command == "cache-down" else ""
    if args.command.startswith("db-restart"):
        try:
            pg_ctl("status")  # left running by an earlier run
        except subprocess.CalledProcessError:
            pg_ctl("start")
        args.database_url = PRIVATE_PG_URL
    if args.command == "db-restart-load":
        args.database_url = PRIVATE_PG_URL.replace("helpcircle_faults", "helpcircle_faults_load")
        args.work = Path(tempfile.mkdtemp(prefix="helpcircle-db-load-"))  # it sets up its own stack
    else:
        args.work = setup(broker, args.database_url, redis_url=redis_url)
    result = COMMANDS[args.command](args)
    print(json.dumps(result, default=str))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
