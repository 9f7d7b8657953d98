"""The Celery app: settings come from Django's CELERY_* settings, tasks from each app's
tasks.py, the beat schedule from CELERY_BEAT_SCHEDULE."""

import os

from celery import Celery, signals
from kombu.transport import TRANSPORT_ALIASES

from config.broker import TRANSPORT as WHOLE_MESSAGES_FILESYSTEM

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# `filesystem://` is kombu's filesystem transport with whole messages only (config/broker.py).
TRANSPORT_ALIASES["filesystem"] = WHOLE_MESSAGES_FILESYSTEM

app = Celery("helpcircle")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="helpcircle.ping", ignore_result=False, acks_late=False)
def ping() -> str:
    """Answers "pong": proves that a worker consumes from the configured broker."""
    return "pong"


def _announce_ready(what: str) -> None:
    """Write "<what>" to the pipe named by HELPCIRCLE_READY_PIPE, if any: a supervisor (or a
    test) waits on it instead of polling for a process that logs nothing when it is ready."""
    path = os.environ.get("HELPCIRCLE_READY_PIPE")
    if path:
        with open(path, "w") as pipe:
            pipe.write(f"{what}\n")


@signals.worker_ready.connect
def _worker_is_ready(**kwargs) -> None:
    _announce_ready("worker")


@signals.beat_init.connect
def _beat_is_ready(**kwargs) -> None:
    _announce_ready("beat")
