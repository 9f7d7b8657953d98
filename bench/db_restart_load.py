"""Fault: the database restarted under load, with gunicorn, a Celery worker and beat running.

    .venv/bin/python -m bench.faults db-restart-load [--clients 24] [--seconds 8]

A private PostgreSQL cluster (bench.faults.database.pg_ctl, port 5440; never the shared one) holds the
forum. gunicorn (3 sync workers, production settings over plain HTTP), one Celery worker and
beat (the engine's tasks every second) run against it, with Redis (database 10) as cache and
broker. A crowd of clients with real sessions and CSRF tokens reads pages and posts answers
without pause; the cluster is stopped (`pg_ctl stop -m fast`: every connection cut), left
down for `--seconds`, and started again. Nothing is restarted but the database.

Checked: no request went unanswered (no reset, no timeout) and no gunicorn worker died; every
5xx carried the error page inside the site's layout; after the start every request succeeded
again, from the same gunicorn and Celery processes; every answer the site said it took (a
302) is in the database once, and every answer refused with a 5xx is not (nothing
half-written); answer_count agrees; every notification was emailed exactly once by the
worker that lived through the outage.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench import server
from bench.concurrency import Member, get_tokens, make_crowd, prepare_site, server_environment
from bench.scale_out import LINK, Processes, delete_queue, service_env

REDIS_URL = os.environ.get("BENCH_DB_LOAD_REDIS_URL", "redis://127.0.0.1:6379/10")
MESSAGE_ID = re.compile(r"^Message-ID: (.+)$", re.MULTILINE)
KINDS = ("page", "anonymous page", "answer", "healthz")
ERROR_PAGE = ("Something went wrong", "We could not do that just now")


@dataclass
class Sent:
    kind: str  # "page", "anonymous page", "answer", "healthz"
    started: float
    ended: float
    status: int  # 0: no answer at all
    in_layout: bool = False
    error_page: bool = False
    body: str = ""  # an answer's text
    sample: str = ""  # the start of a 5xx response, to show what a failure looked like


def classify(response_html: str) -> tuple[bool, bool]:
    return "<nav" in response_html, any(text in response_html for text in ERROR_PAGE)


def load(port: int, crowd, *, clients: int, stop: threading.Event) -> tuple[list[Sent], list[threading.Thread]]:
    """Each client loops: its member's view of the thread, the home page anonymously, an
    answer of its own (a new text each time), /healthz now and then."""
    sent: list[Sent] = []
    lock = threading.Lock()
    members: list[Member] = [*crowd.answerers, *crowd.voters][:clients]

    def one(kind: str, method: str, path: str, *, member: Member | None = None, body: str = "", text: str = ""):
        started = time.monotonic()
        cookie = f"{member.cookie}; {member.csrf_cookie}" if member else ""
        try:
            status, html, _headers = server.request(
                port, method, path, cookie=cookie, body=body, timeout=30, user_agent="bench.db_restart_load"
            )
        except OSError:
            status, html = 0, ""
        in_layout, error_page = classify(html)
        with lock:
            sample = html[:300] if status >= 500 and not (in_layout and error_page) else ""
            sent.append(Sent(kind, started, time.monotonic(), status, in_layout, error_page, text, sample))

    def client(index: int, member: Member) -> None:
        attempt = 0
        while not stop.is_set():
            attempt += 1
            one("page", "GET", crowd.thread_path, member=member)
            one("anonymous page", "GET", "/")
            text = f"Client {index}, attempt {attempt}: the hub came back after I moved it off channel 13."
            fields = {"csrfmiddlewaretoken": member.csrf, "body": text}
            one("answer", "POST", f"/answer/{crowd.thread_id}/", member=member, body=urlencode(fields), text=text)
            if attempt % 5 == 0:
                one("healthz", "GET", "/healthz")

    threads = [threading.Thread(target=client, args=pair, daemon=True) for pair in enumerate(members)]
    for thread in threads:
        thread.start()
    return sent, threads


def run(args, *, pg_ctl, database_url: str, work: Path, wait_for, emails) -> dict:
    from django.db import connections

    queue = f"db-load-{os.getpid()}"
    environment = {**server_environment(database_url, REDIS_URL), "CELERY_QUEUE": queue}
    prepare_site(database_url, environment)
    crowd = make_crowd(voters=max(0, args.clients - args.clients // 2), answerers=args.clients // 2, label="dbload")
    mail = work / "mail"
    processes = Processes(
        env=service_env(
            database_url=database_url,
            broker_url=REDIS_URL,
            queue=queue,
            mail=mail,
            work=work,
            # The worker shares the web's Redis cache, as a deployment's would.
            extra={"SCALE_OUT_EPOCH": repr(time.time()), "SCALE_OUT_SPEED": "1.0", "REDIS_URL": REDIS_URL},
        ),
        logs=work,
    )
    web, port = server.serve(environment=environment, workers=3, settings_module="bench.settings")
    try:
        worker = processes.start("worker", "worker")
        beat = processes.start("beat", "beat")
        wait_for(lambda: "ready" in processes.log("worker"), timeout=60, what="the worker")
        get_tokens(port, crowd)
        web_workers = server.worker_pids(web)
        stop = threading.Event()
        sent, clients = load(port, crowd, clients=args.clients, stop=stop)
        time.sleep(args.seconds)  # the load runs this long before the fault: a duration, not a wait
        stopping = time.monotonic()
        pg_ctl("stop", "-m", "fast")
        stopped = time.monotonic()
        time.sleep(args.seconds)  # the outage lasts this long
        starting = time.monotonic()
        pg_ctl("start")
        started = time.monotonic()
        time.sleep(args.seconds)  # and the load goes on this long after it
        stop.set()
        for client in clients:
            client.join(timeout=60)
        ended = time.monotonic()
        web_workers_after = server.worker_pids(web)
        connections.close_all()  # this script's own connection died with the cluster too
        result = figures(sent, crowd, stopping=stopping, stopped=stopped, starting=starting, started=started)
        result["clients"] = args.clients
        result["web_workers_restarted"] = len(web_workers - web_workers_after)
        result["load_s"] = round(ended - sent[0].started, 1) if sent else 0
        result["outage_s"] = round(started - stopping, 1)

        from forum.models import Notification

        notifications = set(Notification.objects.values_list("pk", flat=True))
        with contextlib.suppress(TimeoutError):  # what never arrives is counted below as lost
            wait_for(lambda: notifications <= set(emails(mail)), timeout=120, what="every notification emailed")
        counted = emails(mail)
        resent = resent_under_new_message_ids(mail)
        result.update(
            notifications=len(notifications),
            emailed=len(notifications & set(counted)),
            lost=len(notifications - set(counted)),
            doubled=sum(1 for n in counted.values() if n > 1),
            doubled_under_a_new_message_id=resent,
            worker_restarted=worker.poll() is not None,
            beat_restarted=beat.poll() is not None,
            task_errors_during=processes.log("worker").count("raised unexpected: OperationalError"),
        )
    finally:
        server.stop(web)
        processes.stop_all()
        delete_queue(REDIS_URL, queue)
    result["ok"] = (
        result["unanswered"] == 0
        and not result["5xx_outside_layout"]
        and result["after_failed"] == 0
        and result["web_workers_restarted"] == 0
        and not result["worker_restarted"]
        and not result["beat_restarted"]
        and result["answers_acknowledged_missing"] == 0
        and result["answers_refused_but_saved"] == 0
        and result["answers_doubled"] == 0
        and result["answer_count_agrees"]
        and result["lost"] == 0
        and result["doubled_under_a_new_message_id"] == 0  # the same one again: dropped by the mail store
        and result["during_requests"] > 0
    )
    return result


def resent_under_new_message_ids(mail: Path) -> int:
    """Notifications emailed more than once under different Message-IDs (a copy with the same
    Message-ID is the one the retried task sent again; mail stores keep one of them)."""
    seen: dict[str, set[str]] = {}
    for path in mail.iterdir():
        text = path.read_text(errors="replace")
        for message in text.split(
            "\n-------------------------------------------------------------------------------\n"
        ):
            found = MESSAGE_ID.search(message)
            for notification in LINK.findall(message):
                seen.setdefault(notification, set()).add(found.group(1) if found else "")
    return sum(1 for ids in seen.values() if len(ids) > 1)


def figures(sent: list[Sent], crowd, *, stopping: float, stopped: float, starting: float, started: float) -> dict:
    """What each phase saw. 'during' is a request that began after the stop had finished and
    ended before the start began; the few that straddled a boundary count only in the totals
    (a request may well succeed while PostgreSQL is shutting down)."""
    from forum.models import Post, Thread

    before = [s for s in sent if s.ended < stopping]
    during = [s for s in sent if s.started >= stopped and s.ended <= starting]
    after = [s for s in sent if s.started >= started]
    acknowledged = [s.body for s in sent if s.kind == "answer" and s.status == 302]
    refused = [s.body for s in sent if s.kind == "answer" and s.status >= 500]
    stored = list(Post.objects.answers().filter(thread_id=crowd.thread_id).values_list("body", flat=True))
    first_success_after = min((s.ended for s in after if s.status in (200, 302)), default=None)
    thread = Thread.objects.get(pk=crowd.thread_id)

    def statuses(requests):
        counted: dict[int, int] = {}
        for s in requests:
            counted[s.status] = counted.get(s.status, 0) + 1
        return dict(sorted(counted.items()))

    return {
        "requests": len(sent),
        "unanswered": sum(1 for s in sent if s.status == 0),
        "before": statuses(before),
        "during": statuses(during),
        "during_requests": len(during),
        "during_by_kind": {kind: statuses([s for s in during if s.kind == kind]) for kind in KINDS},
        "after": statuses(after),
        "after_failed": sum(1 for s in after if s.status not in (200, 302)),
        "first_success_after_start_ms": round((first_success_after - started) * 1000) if first_success_after else None,
        "5xx": sum(1 for s in sent if s.status >= 500),
        # /healthz answers JSON by design; every page must answer the error page in the layout.
        "5xx_outside_layout": statuses(
            [s for s in sent if s.kind != "healthz" and s.status >= 500 and not (s.in_layout and s.error_page)]
        ),
        "sample_outside_layout": next(
            (s.sample for s in sent if s.kind != "healthz" and s.status >= 500 and not (s.in_layout and s.error_page)),
            "",
        ),
        "answers_acknowledged": len(acknowledged),
        "answers_acknowledged_missing": len(set(acknowledged) - set(stored)),
        "answers_refused": len(refused),
        "answers_refused_but_saved": len(set(refused) & set(stored)),
        "answers_doubled": len(stored) - len(set(stored)),
        "answer_count_agrees": thread.answer_count == len(stored),
    }
