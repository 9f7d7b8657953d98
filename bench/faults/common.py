"""What every fault run shares: the private services' ports, setting up the database and the
environment of the workers, waiting, and counting the emails sent."""

import os
import tempfile
import time
from pathlib import Path

from bench.scale_out import LINK
from bench.services import copy_database, make_template, service_env

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
