"""What the reliability runs (bench/scale_out.py, bench/faults/) share: Celery workers and beat
started as their own processes (`python -m bench.scale_out --role worker|beat`) on an accelerated
clock, their environment, the brokers, and the throwaway databases copied from a migrated template."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BROKERS = {
    "redis": os.environ.get("BENCH_REDIS_BROKER_URL", "redis://127.0.0.1:6379/3"),
    "rabbitmq": os.environ.get("BENCH_AMQP_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"),
}


# --- The accelerated clock ------------------------------------------------------------------


CLOCK = {"epoch": 0.0, "speed": 1.0}


def accelerate_clock(epoch: float, speed: float) -> None:
    """`timezone.now()` runs `speed` times faster than the wall clock from `epoch` on. Called
    before Django loads anything, so that `default=timezone.now` and auto_now read it too;
    called again, it moves the same clock's epoch."""
    import datetime as dt

    from django.utils import timezone

    CLOCK.update(epoch=epoch, speed=speed)

    def now():
        wall = time.time()
        return dt.datetime.fromtimestamp(CLOCK["epoch"] + (wall - CLOCK["epoch"]) * CLOCK["speed"], tz=dt.UTC)

    if getattr(timezone.now, "accelerated", False):
        return
    now.accelerated = True
    timezone.now = now


def clock_env(epoch: float, speed: float) -> dict[str, str]:
    return {"SCALE_OUT_EPOCH": repr(epoch), "SCALE_OUT_SPEED": repr(speed)}


# --- The worker and beat processes ----------------------------------------------------------


def run_role(role: str, name: str) -> None:
    """One worker (solo pool: one task at a time, like a one-process container) or beat, on
    the accelerated clock, emailing into files."""
    accelerate_clock(float(os.environ["SCALE_OUT_EPOCH"]), float(os.environ["SCALE_OUT_SPEED"]))
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = os.environ["SCALE_OUT_MAIL"]
    settings.CELERY_BEAT_SCHEDULE_FILENAME = os.environ["SCALE_OUT_BEAT_SCHEDULE"]
    if "SCALE_OUT_VISIBILITY_TIMEOUT" in os.environ:  # Redis: redeliver unacked messages sooner
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
            "visibility_timeout": int(os.environ["SCALE_OUT_VISIBILITY_TIMEOUT"])
        }
    from config.celery import app

    if role == "worker":
        app.start(
            [
                "worker",
                "-P",
                "solo",
                "-n",
                f"{name}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ]
        )
    else:
        app.start(["beat", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME, "--max-interval", "1", "-l", "INFO"])


@dataclass
class Processes:
    """The run's workers and beat, started as `make run` would start them (own processes)."""

    env: dict[str, str]
    logs: Path
    running: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, role: str, name: str) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "a")  # noqa: SIM115 - kept open while it runs
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.scale_out", "--role", role, "--name", name],
            cwd=PROJECT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.running[name] = process
        return process

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.running.pop(name)
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def service_env(*, database_url: str, broker_url: str, queue: str, mail: Path, work: Path, extra=None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CELERY_RESULT_BACKEND", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        CELERY_RESULT_BACKEND="cache+memory://" if broker_url.startswith("amqp") else broker_url,
        CELERY_QUEUE=queue,
        UNANSWERED_LAG_MINUTES="1",
        RESPONSE_CHECK_SECONDS="1",
        RATE_LIMITS="0",
        SCALE_OUT_MAIL=str(mail),
        SCALE_OUT_BEAT_SCHEDULE=str(work / "celerybeat-schedule"),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


def delete_queue(broker_url: str, queue: str) -> None:
    """The run's own queue goes when it ends (the brokers are shared)."""
    from kombu import Connection

    with Connection(broker_url) as conn:
        try:
            conn.default_channel.queue_delete(queue)
        except Exception as error:  # already gone
            print(f"queue {queue}: {error}", file=sys.stderr)


# --- The databases ---------------------------------------------------------------------------


def make_template(database_url: str) -> str:
    """A migrated database to copy for each run (migrating takes longer than copying)."""
    from bench.db import recreate_database

    template = database_url + "_template"
    recreate_database(template)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=PROJECT,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": template},
        check=True,
    )
    return template


def copy_database(template: str, database_url: str) -> None:
    """A fresh copy of `template` at `database_url`. Django's own sessions are closed first (a
    database with a session open cannot be copied); before Django is set up there are none."""
    import psycopg
    from django.conf import settings
    from django.db import connections

    if settings.configured:
        connections.close_all()
    name, template_name = database_url.rsplit("/", 1)[1], template.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
