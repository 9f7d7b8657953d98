"""The real web stack for the API's tests: gunicorn serving this test's database, so that
requests arrive on their own connections, in their own processes, at the same moment.

PostgreSQL's test database is served as it is (the test commits: transactional_db);
SQLite's in-memory test database is copied whole into a file first (VACUUM INTO). Django's
own live server would also do, but its handler answers each request about 40 ms late (its
headers and body go out in two writes, which meet delayed ACKs), which made a schemathesis
run four times slower."""

import os
import socket
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.server import stop
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
    listens: the socket is bound and listening here and handed to gunicorn, so a request made
    at once waits in its backlog for the first worker instead of being refused (no polling)."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            *("--workers", "2", "--worker-class", "gthread", "--threads", str(threads)),
            *("--bind", f"fd://{listener.fileno()}", "--log-level", "warning"),
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
        pass_fds=(listener.fileno(),),
    )
    listener.close()  # gunicorn holds its own copy
    return process, port


__all__ = ["database_url", "start", "stop"]
