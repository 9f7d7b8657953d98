"""The real web stack for the API's tests: gunicorn serving this test's database, so that
requests arrive on their own connections, in their own processes, at the same moment.

PostgreSQL's test database is served as it is (the test commits: transactional_db);
SQLite's in-memory test database is copied whole into a file first (VACUUM INTO). Django's
own live server would also do, but its handler answers each request about 40 ms late (its
headers and body go out in two writes, which meet delayed ACKs), which made a schemathesis
run four times slower."""

import http.client
import os
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.server import free_port, stop
from tests.conftest import on_postgresql

ROOT = Path(__file__).resolve().parents[2]


def database_url(folder: Path) -> str:
    """The test database as a server process reaches it."""
    if on_postgresql():
        database = settings.DATABASES["default"]
        credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
        return f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    copy = folder / "test.sqlite3"
    copy.unlink(missing_ok=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    return f"sqlite:///{copy}"


def start(folder: Path, environment: dict, *, threads: int = 12) -> tuple[subprocess.Popen, int]:
    """gunicorn (2 workers of `threads` threads) on the test database, with the test's
    SECRET_KEY, production settings over plain HTTP and `environment` on top; returns once it
    listens."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            *("--workers", "2", "--worker-class", "gthread", "--threads", str(threads)),
            *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(folder),
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "0",  # as in production: Django's own 404 and 500 handlers, not its debug pages
            "HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "VAR_DIR": str(folder),
            "CELERY_BROKER_URL": "",  # a filesystem broker in `folder`: nothing is left queued elsewhere
            "LOG_LEVEL": "WARNING",
            **environment,
        },
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=5).connect()
            return process, port
        except OSError:
            time.sleep(0.1)  # waiting for a server to listen, not synchronising a test
    stop(process)
    raise RuntimeError(f"gunicorn did not listen on {port} within 60 s")


__all__ = ["database_url", "start", "stop"]
