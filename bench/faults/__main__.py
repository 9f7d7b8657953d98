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
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.faults.common import (
    CACHE_REDIS_PORT,
    DEFAULT_URL,
    MARKERS,
    PRIVATE_BROKER,
    setup,
)
from bench.faults.database import PRIVATE_PG_URL, db_restart, db_restart_load, pg_ctl
from bench.faults.kills import kill_email, kill_overdue
from bench.faults.outages import broker_down, cache_down
from bench.faults.report import table
from bench.services import (
    BROKERS,
    PROJECT,
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


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.faults", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
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
