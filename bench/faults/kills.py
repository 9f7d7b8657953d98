"""A worker killed with SIGKILL in the middle of a task: mark_overdue, and the email task."""

import time

from bench.faults.common import email_figures, wait_for, waiting_on_lock, worker_env
from bench.services import (
    BROKERS,
    Processes,
)


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
        # The job's UPDATE is of the engine's state (responses/jobs.py): hold one of its rows.
        return f"SELECT thread_id FROM responses_responsestate WHERE thread_id = {max(state['ids'])} FOR UPDATE"

    def send(sender):
        sender.send_task("responses.tasks.mark_overdue_threads_task")

    def done():
        return (
            not Thread.objects.filter(response_state__overdue_at=None).exists()
            and Notification.objects.exists()
            and not (Notification.objects.filter(emailed_at=None).exists())
        )

    result = kill_in_the_middle(args, table="responses_responsestate", prepare=prepare, send=send, done=done)
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
